#ifndef BILLTRIAGE_CSQLITE_SHIM_H
#define BILLTRIAGE_CSQLITE_SHIM_H
#include <sqlite3.h>
/* SQLITE_TRANSIENT is a cast macro that Swift cannot import. */
static inline sqlite3_destructor_type bt_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/* sqlite3_db_config is variadic: Swift cannot call it. Keeps the WAL on close instead of
   checkpointing it (one short process per delivered message would otherwise checkpoint and
   delete the WAL every time); writers' auto-checkpoints bound its size. */
static inline int bt_sqlite_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
#endif
