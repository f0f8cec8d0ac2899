//! The freedesktop Secret Service backend (to be written).
