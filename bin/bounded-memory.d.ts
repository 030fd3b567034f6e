export declare const BOUNDED_MARKER: string;
export declare function boundedMemory(env: NodeJS.ProcessEnv): { flags: string[]; env: NodeJS.ProcessEnv };
