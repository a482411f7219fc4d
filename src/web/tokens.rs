//! Unguessable random tokens: CSRF tokens, session and link tokens (`auth::tokens` stores only
//! their hashes), and the names uploaded files are stored under (`files`).

use rand::RngCore;

/// 32 random bytes as 64 hex characters.
pub fn random_hex_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
