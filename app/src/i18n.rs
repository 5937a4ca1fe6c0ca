//! Every word the interface shows, in Bahasa Indonesia (default) and English.
//!
//! One enum, checked by the compiler: a message missing in either language does not build.
//! Words follow GLOSSARY (the *Standar Pelayanan* vocabulary Indonesian agencies already use).

use crate::domain::l10n::Lang;
use leptos::prelude::*;

macro_rules! messages {
    ($($name:ident => $id:expr, $en:expr;)*) => {
        /// A message of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        impl Msg {
            /// The message in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::Id) => $id, (Msg::$name, Lang::En) => $en,)*
                }
            }

            /// Every message, for the completeness test.
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];
        }
    };
}

messages! {
    Tagline => "Layanan publik, juga saat sinyal hilang", "Public services, even when the signal drops";
    SkipToContent => "Langsung ke isi", "Skip to content";
    Home => "Beranda", "Home";
    SearchServices => "Cari layanan", "Search services";
    SearchHint => "Contoh: KTP, paspor, SIM, akta kelahiran", "For example: e-KTP, passport, driving licence, birth certificate";
    Search => "Cari", "Search";
    LifeEvents => "Peristiwa kehidupan", "Life events";
    Categories => "Kategori", "Categories";
    AllServices => "Semua layanan", "All services";
    ServicesUnit => "layanan", "services";
    Agency => "Instansi", "Agency";
    Requirements => "Persyaratan", "Requirements";
    RequirementsHint => "Centang dokumen yang sudah Anda siapkan. Centang Anda tersimpan di perangkat ini.", "Tick the documents you have ready. Your ticks are saved on this device.";
    Procedure => "Prosedur", "Procedure";
    Cost => "Biaya", "Cost";
    Free => "Gratis (tidak dipungut biaya)", "Free of charge";
    CostSeeDetails => "Berbayar — lihat rincian biaya di bawah", "Charged — see the cost details below";
    CostBasis => "Dasar hukum biaya", "Legal basis of the cost";
    ProcessingTime => "Jangka waktu penyelesaian", "Processing time";
    WorkingDays => "hari kerja", "working days";
    AtMost => "Paling lama", "At most";
    Product => "Produk layanan", "What you receive";
    LegalBasis => "Dasar hukum", "Legal basis";
    WhereToApply => "Tempat layanan", "Where to apply";
    Online => "Daring", "Online";
    AtOffice => "Di kantor", "At an office";
    Contact => "Kontak dan pengaduan", "Contact and complaints";
    Phone => "Telepon", "Phone";
    Email => "Email", "Email";
    Website => "Situs web", "Website";
    Complaints => "Pengaduan tentang layanan ini dapat disampaikan melalui SP4N-LAPOR! (lapor.go.id).", "Complaints about this service can be sent through SP4N-LAPOR! (lapor.go.id).";
    LastVerified => "Terakhir diverifikasi", "Last verified";
    MayBeOutdated => "Informasi ini mungkin sudah tidak mutakhir", "This information may be out of date";
    MayBeOutdatedHint => "Informasi ini terakhir diperiksa lebih dari 12 bulan lalu. Pastikan ke instansi sebelum datang.", "This was last checked more than 12 months ago. Confirm with the agency before you go.";
    Sources => "Sumber", "Sources";
    Note => "Catatan", "Note";
    ResultsFor => "Hasil pencarian untuk", "Search results for";
    Found => "layanan ditemukan", "services found";
    NoResults => "Tidak ada layanan yang cocok. Coba kata lain, atau lebih sedikit kata.", "No service matches. Try other words, or fewer words.";
    EmptyQuery => "Ketik nama layanan atau dokumen yang Anda perlukan.", "Type the name of the service or document you need.";
    NotFound => "Halaman tidak ditemukan", "Page not found";
    NotFoundHint => "Alamat ini tidak ada di Loket. Mungkin layanannya sudah dicabut.", "This address is not in Loket. The service may have been withdrawn.";
    BackHome => "Kembali ke beranda", "Back to the home page";
    LoadFailed => "Tidak dapat memuat halaman ini. Periksa koneksi Anda lalu coba lagi.", "Could not load this page. Check your connection and try again.";
    Loading => "Memuat…", "Loading…";
    Offline => "Anda sedang offline", "You are offline";
    OfflineHint => "Katalog tetap dapat dibuka dari perangkat ini.", "The catalogue still works from this device.";
    UpdateAvailable => "Versi baru tersedia", "A new version is available";
    Update => "Perbarui", "Update";
    Language => "Bahasa", "Language";
    SavedOnDevice => "Tersimpan di perangkat ini", "Saved on this device";
    OfflineReady => "layanan tersimpan di perangkat ini untuk dibuka offline", "services saved on this device for offline use";
    Footer => "Loket adalah aplikasi terbuka. Informasi layanan bersumber dari peraturan dan standar pelayanan instansi.", "Loket is open software. Service information comes from regulations and the agencies' service standards.";
}

/// The language the interface is shown in, shared by every component.
#[derive(Clone, Copy)]
pub struct LangContext(pub RwSignal<Lang>);

/// The current language signal.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<LangContext>().0
}

/// A message in the current language, reactive.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.get(lang.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages() {
        for m in Msg::ALL {
            assert!(!m.get(Lang::Id).trim().is_empty(), "{m:?} has no Indonesian");
            assert!(!m.get(Lang::En).trim().is_empty(), "{m:?} has no English");
        }
    }
}
