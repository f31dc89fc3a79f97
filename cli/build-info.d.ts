/** The folders compiled into dist/ (tsconfig.build.json lists the same). */
export declare const PRODUCT_DIRS: readonly string[];
/** The newest modification time (ms) of the TypeScript sources under the product folders. */
export declare function newestSource(root: string): number;
