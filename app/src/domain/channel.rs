//! The door a request came in through. Today every request comes from the app; issue 13 adds
//! the counter, other systems (Open311) and the web form. Stored in `requests.channel`.

use serde::{Deserialize, Serialize};

/// Where a request was made.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The phone app (Loket's PWA).
    #[default]
    App,
    /// Typed in at the agency's counter by its staff.
    Counter,
    /// Another system, through the Open311 interface.
    Open311,
    /// A plain web form (no app).
    Web,
}

impl Channel {
    /// Every channel, in the order figures list them.
    pub const ALL: [Channel; 4] = [
        Channel::App,
        Channel::Counter,
        Channel::Open311,
        Channel::Web,
    ];

    /// Its code in the database and the open data.
    pub fn code(self) -> &'static str {
        match self {
            Channel::App => "app",
            Channel::Counter => "counter",
            Channel::Open311 => "open311",
            Channel::Web => "web",
        }
    }

    /// The channel a code names.
    pub fn parse(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Some(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.code())
            );
        }
        assert_eq!(Channel::parse("App"), None);
    }
}
