/** Where a download is written: the HTTP adapter implements it. */
export interface DownloadSink {
  fail(status: number, message: string): void;
  start(fileName: string): void;
  write(chunk: string): Promise<void>;
  end(): void;
}
