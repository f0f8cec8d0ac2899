//! The one way out to the world: every exchange with something credbroker
//! did not write goes through here. AWS endpoints ([`aws`]: deadline,
//! notice, classification, clock check), helper processes ([`process`]),
//! aws-config's providers ([`provider`]) and MFA codes ([`mfa_code`]).

pub mod aws;
pub mod mfa_code;
pub mod process;
pub mod provider;
