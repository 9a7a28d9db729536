import type { ReactNode } from 'react';
import { ErrorMessage, Loading } from './notices.tsx';

/** One column of a DataTable. */
export interface Column<T> {
  /** The column heading; on a phone, where each row is stacked, also the label beside each cell. */
  header: string;
  cell(row: T): ReactNode;
  /** The cell names its row (a row header, `th scope="row"`), as a person's name or a unit's. */
  rowHeader?: boolean;
  className?: string;
}

/**
 * A table of records: caption, column headings, row headers, an empty state, and the loading and
 * error states of the data it shows. On a narrow screen each row is stacked, every cell under its
 * heading (styles.css, `.data-table`), so nothing scrolls sideways on a phone.
 *
 * `rows` undefined means still loading (or failed: then only the error shows). A column given as
 * `false` is left out (`kind === 'partner' && {…}`).
 */
export function DataTable<T>({
  caption,
  showCaption = false,
  rows,
  rowKey,
  columns,
  empty,
  emptyIsStatus = false,
  error,
  className,
}: {
  caption?: string;
  showCaption?: boolean;
  rows: readonly T[] | null | undefined;
  rowKey(row: T): string | number;
  columns: ReadonlyArray<Column<T> | false>;
  empty?: string;
  emptyIsStatus?: boolean;
  error?: unknown;
  className?: string;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  let body: ReactNode;
  if (!rows) body = error ? null : <Loading />;
  else if (rows.length === 0 && empty !== undefined) body = <p role={emptyIsStatus ? 'status' : undefined}>{empty}</p>;
  else
    body = (
      <table className={className ? `data-table ${className}` : 'data-table'}>
        {caption && <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>}
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {shown.map((c, i) =>
                c.rowHeader ? (
                  <th key={i} scope="row" className={c.className} data-label={c.header}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} className={c.className} data-label={c.header}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <>
      <ErrorMessage error={error} />
      {body}
    </>
  );
}
