//! `list`'s and `prune`'s walk of the cache table: keyset pagination on the
//! id (`WHERE id > last ORDER BY id LIMIT n`), so memory stays bounded by one
//! page and its values, and a row added or deleted meanwhile never shifts
//! the pages as an `OFFSET` would.

use super::PostgresStore;
use crate::error::{Error, Result};
use crate::store::partitions::{Partition, Partitions, Shape};
use crate::store::Store;

/// Rows per page.
const PAGE: i64 = 500;
/// Values fetched per round trip stop once this many bytes are asked for
/// (at most this plus one value, itself at most the read limit).
const VALUE_BUDGET: u64 = 8 * 1024 * 1024;

impl Partitions for PostgresStore {
    fn walk(&self, pattern: &str, visit: &mut dyn FnMut(Partition) -> Result<()>) -> Result<()> {
        let like = like_pattern(pattern)?;
        let c = self.settings.layout.columns();
        let t = self.table_sql();
        let page_sql = format!(
            "SELECT {id}, octet_length({v})::int8, COALESCE(now() <= {e}, false), \
             CASE WHEN now() <= {e} THEN floor(extract(epoch FROM {e} - now()))::int8 END \
             FROM {t} WHERE ($1::text IS NULL OR {id} > $1) AND {id} LIKE $2 ESCAPE '\\' \
             ORDER BY {id} LIMIT {PAGE}",
            id = c.id,
            v = c.value,
            e = c.expires,
        );
        let values_sql = format!(
            "SELECT {id}, {v} FROM {t} WHERE {id} = ANY($1)",
            id = c.id,
            v = c.value
        );
        let max = self.settings.max_value;
        let mut after: Option<String> = None;
        loop {
            // Each page, and each group of values, is an operation with
            // its own `--pg-timeout`.
            let rows = self.operation(|| {
                self.client()?
                    .query(&page_sql, &[&after, &like])
                    .map_err(|e| self.fault(e, "list the rows"))
            })?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            after = Some(last.get(0));
            let full = rows.len() as i64 == PAGE;
            let mut items: Vec<Partition> = rows
                .iter()
                .map(|row| {
                    let id: String = row.get(0);
                    let bytes: Option<i64> = row.get(1);
                    let live: bool = row.get(2);
                    let ttl: Option<i64> = row.get(3);
                    Partition {
                        partition: id.clone(),
                        key: id,
                        shape: Shape::Row,
                        bytes: bytes.unwrap_or(0).max(0) as u64,
                        ttl_seconds: ttl.map(|t| t.max(0)),
                        expired: Some(!live),
                        value: None,
                        node: None,
                    }
                })
                .collect();
            drop(rows);
            // Fetch the values in groups that stay within the budget.
            let mut start = 0;
            while start < items.len() {
                let mut end = start;
                let mut budget = 0u64;
                let mut wanted: Vec<String> = Vec::new();
                while end < items.len() && (budget < VALUE_BUDGET || wanted.is_empty()) {
                    if items[end].bytes <= max {
                        budget += items[end].bytes;
                        wanted.push(items[end].key.clone());
                    }
                    end += 1;
                }
                if !wanted.is_empty() {
                    let values = self.operation(|| {
                        self.client()?
                            .query(&values_sql, &[&wanted])
                            .map_err(|e| self.fault(e, "read the values"))
                    })?;
                    for row in values {
                        let id: String = row.get(0);
                        let value: Option<Vec<u8>> = row.get(1);
                        // Changed meanwhile beyond the limit: left unread.
                        if let Some(item) = items[start..end].iter_mut().find(|i| i.key == id) {
                            item.value = value.filter(|v| v.len() as u64 <= max);
                        }
                    }
                }
                for item in items[start..end].iter_mut() {
                    visit(std::mem::replace(item, placeholder()))?;
                }
                start = end;
            }
            if !full {
                return Ok(());
            }
        }
    }

    /// The partition's store takes this store's connection for the time of
    /// `f`, and gives it back.
    fn with_partition(
        &self,
        partition: &str,
        f: &mut dyn FnMut(&dyn Store) -> Result<()>,
    ) -> Result<()> {
        let mut settings = self.settings.clone();
        settings.key = Some(partition.to_string());
        let store = PostgresStore::new(settings);
        // The partition's operations run on this connection, each with its
        // own `--pg-timeout` (none runs here meanwhile).
        *store.conn_fds.borrow_mut() = self.conn_fds.borrow().clone();
        *store.client.borrow_mut() = self.client.borrow_mut().take();
        let result = f(&store);
        *self.client.borrow_mut() = store.client.borrow_mut().take();
        *self.conn_fds.borrow_mut() = store.conn_fds.borrow().clone();
        self.retries.set(self.retries.get() + store.retries.get());
        result
    }
}

fn placeholder() -> Partition {
    Partition {
        key: String::new(),
        partition: String::new(),
        shape: Shape::Missing,
        bytes: 0,
        ttl_seconds: None,
        expired: None,
        value: None,
        node: None,
    }
}

/// A `SCAN MATCH` glob as a `LIKE` pattern (escape `\`): `*` is `%`, `?` is
/// `_`, a `\`-escaped character and every other character match
/// themselves (`%`, `_` and `\` escaped). A character class (`[…]`) has no
/// `LIKE` equivalent and is refused rather than matched loosely.
pub fn like_pattern(glob: &str) -> Result<String> {
    let mut out = String::with_capacity(glob.len() + 8);
    let mut chars = glob.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '*' => out.push('%'),
            '?' => out.push('_'),
            '[' => {
                return Err(Error::Config {
                    message: format!(
                        "--match {glob:?}: a character class ([…]) cannot be matched on Postgres"
                    ),
                    hint: "use * and ? only (\\[ matches a bracket itself)".into(),
                })
            }
            '\\' => match chars.next() {
                Some(lit) => push_literal(&mut out, lit),
                None => push_literal(&mut out, '\\'),
            },
            lit => push_literal(&mut out, lit),
        }
    }
    Ok(out)
}

fn push_literal(out: &mut String, ch: char) {
    if matches!(ch, '%' | '_' | '\\') {
        out.push('\\');
    }
    out.push(ch);
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn globs_become_like_patterns_with_like_s_own_characters_escaped() {
        assert_eq!(like_pattern("*").unwrap(), "%");
        assert_eq!(like_pattern("a?b*").unwrap(), "a_b%");
        assert_eq!(like_pattern("50%_off").unwrap(), "50\\%\\_off");
        assert_eq!(like_pattern("back\\\\slash").unwrap(), "back\\\\slash");
        assert_eq!(like_pattern("star\\*").unwrap(), "star*");
        assert_eq!(like_pattern("q\\?").unwrap(), "q?");
        assert_eq!(like_pattern("br\\[").unwrap(), "br[");
        assert!(like_pattern("o[12].tid").is_err());
    }
}
