//! Rupiah amounts as Indonesians write them: `Rp120.000`.

/// Formats whole rupiah with a dot between thousands, the Indonesian way, in both languages
/// (official tariffs are published like this; an English reader recognises it too).
pub fn format_idr(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    out.push_str("Rp");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_idr;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(format_idr(0), "Rp0");
        assert_eq!(format_idr(999), "Rp999");
        assert_eq!(format_idr(1000), "Rp1.000");
        assert_eq!(format_idr(120000), "Rp120.000");
        assert_eq!(format_idr(1_250_000), "Rp1.250.000");
    }
}
