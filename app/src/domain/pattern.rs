//! A small pattern language for form answers (no regex engine in the phone's bundle).
//!
//! `9` a digit, `A` a letter (A–Z, a–z), `X` a letter or digit, `\c` the character `c`, any other
//! character itself; each may be followed by `{n}`, `{m,n}` or `?`. Examples: a vehicle plate
//! `A{1,2} 9{1,4} A{0,3}`, a postal code `9{5}`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Digit,
    Letter,
    Alnum,
    Literal(char),
}

impl Class {
    fn accepts(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::Letter => c.is_ascii_alphabetic(),
            Class::Alnum => c.is_ascii_alphanumeric(),
            Class::Literal(l) => c == l,
        }
    }
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern(Vec<(Class, usize, usize)>);

/// Longest count a `{…}` may give (keeps matching cheap).
const MAX_REPEAT: usize = 200;

impl Pattern {
    /// Reads a pattern; `None` when it is malformed.
    pub fn parse(src: &str) -> Option<Pattern> {
        let mut out = Vec::new();
        let mut chars = src.chars().peekable();
        while let Some(c) = chars.next() {
            let class = match c {
                '9' => Class::Digit,
                'A' => Class::Letter,
                'X' => Class::Alnum,
                '\\' => Class::Literal(chars.next()?),
                '{' | '}' | '?' => return None,
                c => Class::Literal(c),
            };
            let (min, max) = match chars.peek() {
                Some('?') => {
                    chars.next();
                    (0, 1)
                }
                Some('{') => {
                    chars.next();
                    let spec: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let (lo, hi) = match spec.split_once(',') {
                        Some((lo, hi)) => (lo.trim().parse().ok()?, hi.trim().parse().ok()?),
                        None => {
                            let n = spec.trim().parse().ok()?;
                            (n, n)
                        }
                    };
                    if lo > hi || hi > MAX_REPEAT {
                        return None;
                    }
                    (lo, hi)
                }
                _ => (1, 1),
            };
            out.push((class, min, max));
        }
        Some(Pattern(out))
    }

    /// True when the whole of `s` matches.
    pub fn matches(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        // positions reachable after each token (a set, so no exponential backtracking)
        let mut reach = vec![false; chars.len() + 1];
        reach[0] = true;
        for &(class, min, max) in &self.0 {
            let mut next = vec![false; chars.len() + 1];
            for start in (0..=chars.len()).filter(|&i| reach[i]) {
                let mut n = 0;
                loop {
                    if n >= min {
                        next[start + n] = true;
                    }
                    if n == max || start + n >= chars.len() || !class.accepts(chars[start + n]) {
                        break;
                    }
                    n += 1;
                }
            }
            reach = next;
        }
        reach[chars.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn plates_and_postcodes() {
        let plate = Pattern::parse("A{1,2} 9{1,4} A{0,3}").unwrap();
        for ok in ["B 1234 XYZ", "AB 1 ", "D 12 AB"] {
            assert!(plate.matches(ok), "{ok}");
        }
        for bad in ["1234", "ABC 1234 X", "B 12345 X", "B-1234-X"] {
            assert!(!plate.matches(bad), "{bad}");
        }
        let post = Pattern::parse("9{5}").unwrap();
        assert!(post.matches("40115"));
        assert!(!post.matches("4011"));
        assert!(!post.matches("401155"));
    }

    #[test]
    fn escapes_and_optional() {
        let p = Pattern::parse(r"\A-9?X").unwrap();
        assert!(p.matches("A-z"));
        assert!(p.matches("A-5z"));
        assert!(!p.matches("B-5z"));
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for bad in ["9{", "9{3,1}", "9{x}", "{3}", "9{1,999}", "\\"] {
            assert_eq!(Pattern::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn long_inputs_stay_cheap() {
        let p = Pattern::parse("X{0,200}X{0,200}9").unwrap();
        assert!(!p.matches(&"a".repeat(5000)));
    }
}
