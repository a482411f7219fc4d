//! Random secrets and their stored form. Only hashes of tokens reach the database.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes as 64 hex characters.
pub fn random_hex_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

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
