//! The string builder the pages were written with before `maud` (issue 9), kept only for
//! `ui::staff_html` until its own port lands; delete this file with that port. Nothing else
//! may use it: `ui::html` and `ui::form_html` write through `maud::html!`.

use super::html::Out;
use crate::domain::l10n::Text;
use crate::i18n::Msg;

impl Out {
    /// Appends `s` as it is (markup).
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.s.push_str(s);
        self
    }
    /// Appends `s` escaped.
    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        self.s.push_str(&super::html::esc(s));
        self
    }
    /// Appends a bilingual text in the builder's language, escaped.
    pub(crate) fn t(&mut self, t: &Text) -> &mut Self {
        let lang = self.lang;
        self.text(t.get(lang))
    }
    /// Appends a message in the builder's language, escaped.
    pub(crate) fn msg(&mut self, m: Msg) -> &mut Self {
        let lang = self.lang;
        self.text(m.get(lang))
    }
    /// Appends a number.
    pub(crate) fn num(&mut self, n: usize) -> &mut Self {
        self.s.push_str(&n.to_string());
        self
    }
}
