/**
 * The bench's PostgreSQL is tuned as a dedicated server on this kind of machine would be (2 cores,
 * 24 GiB): room for the working set, for index builds and for sorts; no JIT, whose compile time
 * costs short queries more than it saves. The tests' servers keep the defaults.
 */
export const PG_SETTINGS = { shared_buffers: "2GB", maintenance_work_mem: "1GB", work_mem: "64MB", max_wal_size: "8GB", jit: "off" };
