//! Pieces shared by pages.

pub mod cards;
pub mod layout;
pub mod search_form;
