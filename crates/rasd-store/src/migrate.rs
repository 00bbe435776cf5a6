//! Schema migrations: a list of SQL scripts applied in order, each in its own transaction,
//! the database's `user_version` counting those applied.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// The migrations, in order: migration `i` brings the schema to version `i + 1`. Append only:
/// a released migration is never edited.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_quotes_times.sql"),
    include_str!("migrations/0003_story_steps.sql"),
    include_str!("migrations/0004_fused_updates.sql"),
];

/// Applies the migrations the database has not had yet, each in a transaction with its new
/// `user_version`, so a failure leaves the database at the last version that succeeded.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as u32;
    loop {
        // The version is read inside the write transaction, so two processes opening a new
        // store at once do not both apply a migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        if found == known {
            return Ok(());
        }
        let version = found + 1;
        let apply = |tx: rusqlite::Transaction<'_>| -> rusqlite::Result<()> {
            tx.execute_batch(MIGRATIONS[found as usize])?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()
        };
        apply(tx).map_err(|source| StoreError::Migration { version, source })?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        // What a broken next migration would do: half its work, then an error.
        let tx = conn.transaction().unwrap();
        let err = tx
            .execute_batch("CREATE TABLE extra (x); SELECT * FROM no_such_table;")
            .unwrap_err();
        drop(tx);
        assert!(err.to_string().contains("no_such_table"));
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'extra'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as u32);
    }
}
