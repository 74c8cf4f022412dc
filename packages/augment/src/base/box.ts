/** A crop window in pixels: its top-left corner and its size. */
export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}
