/**
 * Where converted extracts (XLSX sheets as Parquet) of a workspace are kept: beside the workspace
 * file, so they travel with it and never land in a shared temp folder.
 */
export function workspaceCacheDir(workspacePath: string): string {
  return `${workspacePath}.cache`;
}
