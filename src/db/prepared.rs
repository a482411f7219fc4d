//! Raw SQL that PostgreSQL keeps prepared. Diesel's `sql_query` marks itself unsafe to cache,
//! so a hand-written statement (correlated subqueries, which the query builder does not
//! write) was parsed and planned on every run: ~0.3 ms of the server's CPU each time, as much
//! as running it. A [`Statement`] is cached by its text like any dynamic query of the builder.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Text, Untyped};
use diesel::{PgConnection, QueryResult, RunQueryDsl};

/// One value bound to a placeholder.
pub enum Bind<'a> {
    Int(i64),
    Text(&'a str),
    Ints(&'a [i64]),
}

/// SQL text in fixed parts with a value bound between each two (`parts.len() == binds.len() +
/// 1`); load rows with `QueryableByName`.
pub struct Statement<'a> {
    parts: &'static [&'static str],
    binds: Vec<Bind<'a>>,
}

impl<'a> Statement<'a> {
    /// # Panics
    /// When the parts and the values do not interleave (a programming error, not input).
    pub fn new(parts: &'static [&'static str], binds: Vec<Bind<'a>>) -> Statement<'a> {
        assert_eq!(
            parts.len(),
            binds.len() + 1,
            "one value between each two parts"
        );
        Statement { parts, binds }
    }
}

impl QueryFragment<Pg> for Statement<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        for (n, part) in self.parts.iter().enumerate() {
            out.push_sql(part);
            match self.binds.get(n) {
                Some(Bind::Int(v)) => out.push_bind_param::<BigInt, _>(v)?,
                Some(Bind::Text(v)) => out.push_bind_param::<Text, _>(*v)?,
                Some(Bind::Ints(v)) => out.push_bind_param::<Array<BigInt>, _>(*v)?,
                None => {}
            }
        }
        Ok(())
    }
}

impl QueryId for Statement<'_> {
    type QueryId = ();
    // Not static: the cache keys it by its SQL text and bind types.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Statement<'_> {
    type SqlType = Untyped;
}

impl RunQueryDsl<PgConnection> for Statement<'_> {}
