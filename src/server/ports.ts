// What the dashboard reads besides its FileSystem and the evidence port, as ports: a stamp of the
// files a cached verdict depends on, and the tail of a command log. src/server/compose.ts (the
// dashboard's composition root) wires the Node adapters; nothing else in src/server imports them.

/** A digest of what `dirs` (recursively), `files` (stat only) and `hashed` (content) are now: equal stamps mean nothing changed. */
export type ChangeStamp = (input: { readonly dirs: readonly string[]; readonly files?: readonly string[]; readonly hashed?: readonly string[] }) => Promise<string>;

/** The last `maxLines` lines of a log (undefined when it is not a regular file), read from its end. */
export type TailReader = (file: string, maxLines?: number, maxBytes?: number) => Promise<string | undefined>;

export interface DashboardFiles {
  readonly stamp: ChangeStamp;
  readonly tail: TailReader;
}
