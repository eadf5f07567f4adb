//! The real-time user counter server (work in progress).
