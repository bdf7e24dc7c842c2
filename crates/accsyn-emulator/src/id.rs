//! Entity ids, session ids and API keys.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Fills `buf` with random bytes; if the OS generator fails (it practically never
/// does), falls back to a counter mixed with the time so ids stay unique, since a
/// failed create is worse for a test backend than a guessable id.
fn random_bytes(buf: &mut [u8]) {
    if getrandom::fill(buf).is_ok() {
        return;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut x = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    for b in buf.iter_mut() {
        // xorshift: enough spread for uniqueness, not for secrecy.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
}

/// A new 24-hex entity id: 4 bytes of seconds (like the backend's ObjectIds, so
/// ids sort roughly by creation) then 8 random bytes.
pub(crate) fn new_entity_id() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0);
    let mut tail = [0u8; 8];
    random_bytes(&mut tail);
    let mut s = format!("{secs:08x}");
    for b in tail {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A new task id: a random (version 4) UUID, as the backend gives tasks.
pub(crate) fn new_task_id() -> String {
    let mut b = [0u8; 16];
    random_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Whether `s` names an entity by id: accsyn-model's check, after
/// lowercasing as the official client does (so any case is accepted).
pub(crate) fn is_entity_id(s: &str) -> bool {
    s.len() == 24 && accsyn_model::EntityId::is_valid(&s.to_ascii_lowercase())
}

/// A random alphanumeric secret of `len` characters (session ids, API keys).
pub(crate) fn new_secret(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut buf = vec![0u8; len];
    random_bytes(&mut buf);
    buf.iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn task_ids_are_version_4_uuids() {
        let id = super::new_task_id();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        assert_eq!(&id[14..15], "4", "{id}");
        assert!("89ab".contains(&id[19..20]), "{id}");
        assert_ne!(id, super::new_task_id());
    }

    use super::*;

    #[test]
    fn entity_ids_are_24_hex_and_distinct() {
        let a = new_entity_id();
        let b = new_entity_id();
        assert!(is_entity_id(&a), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn is_entity_id_rejects_other_shapes() {
        assert!(!is_entity_id("0123456789abcdef0123456"));
        assert!(!is_entity_id("0123456789abcdef0123456g"));
        assert!(!is_entity_id("admin@acme.test"));
    }

    #[test]
    fn secrets_have_the_asked_length() {
        let s = new_secret(40);
        assert_eq!(s.len(), 40);
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
