//! The emulator's bookkeeping keys in stored documents: state the
//! simulation and the permission checks need, which no reply shows.

/// Where a task counts the bytes moved so far (the backend shows no such
/// attribute; a job's `progress` is what callers read).
pub(crate) const TRANSFERRED_KEY: &str = "transferred";

/// Where a failed task says why (the backend points to its logs instead;
/// the emulator has the reason at hand).
pub(crate) const ERROR_KEY: &str = "error";

/// Key of a transfer's last simulation step (emulated ms). Only transfers
/// that may still move carry it: the store tracks them, so a step visits
/// those and not every stored job.
pub(crate) const STEP_KEY: &str = crate::store::TRACKED_KEY;

/// Where a task keeps the `source` string it was created with.
pub(crate) const SOURCE_SPEC_KEY: &str = "source_spec";

/// Where a task keeps the `destination` string it was created with.
pub(crate) const DESTINATION_SPEC_KEY: &str = "destination_spec";

/// Key of the emulated time (ms) at which a pending delivery is sized; the
/// emulator's bookkeeping, never shown by the API.
pub(crate) const SIZED_KEY: &str = "sized_at";

/// Set on a temporary delivery or request once its temp folder is removed, so later events
/// do not look for it again.
pub(crate) const TEMP_REMOVED_KEY: &str = "temp_removed";

/// The servers assigned to a volume (`share/server`), by id.
pub(crate) const SERVERS_KEY: &str = "servers";

/// The emulator's bookkeeping keys in stored documents, never shown.
pub(crate) const INTERNAL_KEYS: &[&str] = &[
    STEP_KEY,
    SIZED_KEY,
    SOURCE_SPEC_KEY,
    DESTINATION_SPEC_KEY,
    TRANSFERRED_KEY,
    SERVERS_KEY,
    TEMP_REMOVED_KEY,
];
