//! Random secrets and their stored form. Only hashes of tokens reach the database.

use sha2::{Digest, Sha256};

pub use crate::web::tokens::random_hex_token;

/// SHA-256 of a token, hex: what is stored and looked up.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = random_hex_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex_token());
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }
}
