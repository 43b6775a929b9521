// Types of links.mjs (imported by the site config, which tsc checks).
export declare const REPO_URL: string;
export declare const SOURCE_URL: string;
export declare const PAPER_URL: string;
export declare const VERSION: string;
export declare function npmUrl(name: string): string;
