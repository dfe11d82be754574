export interface BuildPart {
  stamp: string;
  output: string;
  trees: string[];
  files: string[];
}
export interface BuildStamp {
  hash: string | undefined;
  extra: string[];
}
export const PARTS: { server: BuildPart; browser: BuildPart };
export function listTree(root: string, dir: string): string[];
export function hashFiles(root: string, files: string[]): string | undefined;
export function stampFor(root: string, part: BuildPart, extra?: string[]): BuildStamp;
export function writeStamp(root: string, part: BuildPart, stamp: BuildStamp): void;
export function staleReason(root: string, part: BuildPart): string | undefined;
