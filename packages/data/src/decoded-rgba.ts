/** A decoded image: RGBA uint8, `height`·`width`·4 values in [0, 255], row-major. */
export interface DecodedRgba {
  data: Uint8Array;
  width: number;
  height: number;
}
