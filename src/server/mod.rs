//! Language server front end.
