// Types of the golden fixtures the tests import (`@golden` → tools/golden/fixtures, a vitest alias).
declare module '@golden/data/resize.json' {
  const fixture: {
    reference: string;
    cases: {
      shape: [number, number, number];
      size: [number, number];
      mode: 'shorter-side-center-crop' | 'stretch';
      input: number[];
      expected: number[];
    }[];
  };
  export default fixture;
}
