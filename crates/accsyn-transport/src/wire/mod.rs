//! The wire format as pure data: envelopes, request shapes and reply decoding, with no I/O,
//! so every byte the transport sends can be unit-tested.

mod compress;
mod envelope;
mod query;
mod redact;
mod reply;
mod shape;
mod timestamp;

pub use compress::{GZIP_THRESHOLD, estimate_size};
pub use envelope::{Envelope, EventContext, Payload};
pub(crate) use query::EncodedContext;
pub(crate) use redact::masked_json;
pub use reply::decode_reply;
pub use shape::{API_PREFIX, MASTER_LOOKUP_PATH, WireRequest, percent_encode_json};
pub(crate) use shape::{EVENT_PATH, event_query};
pub use timestamp::utc_timestamp;
