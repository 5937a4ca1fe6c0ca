//! Every word the interface shows, in Bahasa Indonesia (default) and English.
//!
//! One enum, checked by the compiler: a message missing in either language does not build.
//! Words follow GLOSSARY (the *Standar Pelayanan* vocabulary Indonesian agencies already use).

use crate::domain::account::{AccountRefusal, PasswordProblem};
use crate::domain::l10n::Lang;
use leptos::prelude::*;

macro_rules! messages {
    (
        $($name:ident => $id:literal, $en:literal;)*
        @server $($sname:ident => $sid:literal, $sen:literal;)*
    ) => {
        /// A message of the interface. Messages only the server sends (after `@server`) are
        /// left out of the phone's build.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name,)* $(#[cfg(feature = "ssr")] $sname,)* }

        /// Every text of the messages both sides know, in the enum's order, Indonesian then
        /// English: one string and a table of where each text starts, which the phone's bundle
        /// holds in far fewer bytes than a pointer and a length per text.
        const TEXT: &str = concat!($($id, $en),*);
        /// The length of each text in [`TEXT`], in order.
        const LENGTHS: &[usize] = &[$($id.len(), $en.len()),*];
        /// Where each text of [`TEXT`] starts, and where the last ends.
        const STARTS: [u16; LENGTHS.len() + 1] = {
            assert!(TEXT.len() <= u16::MAX as usize, "TEXT outgrew the u16 offsets");
            let mut starts = [0u16; LENGTHS.len() + 1];
            let mut i = 0;
            while i < LENGTHS.len() {
                starts[i + 1] = starts[i] + LENGTHS[i] as u16;
                i += 1;
            }
            starts
        };
        /// The server's own messages, after the others in the enum.
        #[cfg(feature = "ssr")]
        const SERVER: &[[&str; 2]] = &[$([$sid, $sen]),*];

        impl Msg {
            /// The message in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                let i = self as usize * 2 + lang as usize;
                #[cfg(feature = "ssr")]
                if i >= LENGTHS.len() {
                    return SERVER[self as usize - LENGTHS.len() / 2][lang as usize];
                }
                TEXT.get(STARTS[i] as usize..STARTS[i + 1] as usize).unwrap_or_default()
            }

            /// Every message, for the completeness test.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)* $(#[cfg(feature = "ssr")] Msg::$sname,)*];
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
    NoPromisedDays => "Standar pelayanan tidak menjanjikan jumlah hari kerja; tenggat tidak dihitung.", "The service standard promises no number of working days; no due date is set.";
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
    QaLink => "Tanya jawab tentang layanan ini", "Questions and answers about this service";
    Faq => "Pertanyaan yang sering diajukan", "Frequently asked questions";
    LastVerified => "Terakhir diverifikasi", "Last verified";
    MayBeOutdated => "Informasi ini mungkin sudah tidak mutakhir", "This information may be out of date";
    MayBeOutdatedHint => "Informasi ini terakhir diperiksa lebih dari 12 bulan lalu. Pastikan ke instansi sebelum datang.", "This was last checked more than 12 months ago. Confirm with the agency before you go.";
    // Corrections to the catalogue (issue 11): the service page's link.
    IsThisRight => "Apakah informasi ini benar?", "Is this information right?";
    Sources => "Sumber", "Sources";
    Note => "Catatan", "Note";
    ResultsFor => "Hasil pencarian untuk", "Search results for";
    Found => "layanan ditemukan", "services found";
    FoundOne => "layanan ditemukan", "service found";
    ServiceUnit => "layanan", "service";
    NoResults => "Tidak ada layanan yang cocok dengan pencarian Anda. Anda dapat:", "No service matches your search. You can:";
    NoResultsSpelling => "memeriksa ejaannya", "check the spelling";
    NoResultsWords => "mencoba nama dokumennya, misalnya KTP, paspor, SIM, atau akta kelahiran", "try the name of the document, such as ID card, passport, driving licence or birth certificate";
    NoResultsAll => "melihat semua layanan", "see all services";
    PartialResults => "Tidak ada layanan yang memuat semua kata Anda. Layanan berikut memuat sebagian.", "No service matches all your words. These match some of them.";
    EmptyQuery => "Ketik nama layanan atau dokumen yang Anda perlukan.", "Type the name of the service or document you need.";
    NotFound => "Halaman tidak ditemukan", "Page not found";
    NotFoundHint => "Alamat ini tidak ada di Loket. Mungkin layanannya sudah dicabut.", "This address is not in Loket. The service may have been withdrawn.";
    NotStored => "Halaman lengkap layanan ini belum tersimpan di ponsel ini; halaman ini terbuka saat ada sinyal.", "This service's full page is not saved on this phone yet; it opens when there is a signal.";
    BackHome => "Kembali ke beranda", "Back to the home page";
    LoadFailed => "Tidak dapat memuat halaman ini. Periksa koneksi Anda lalu coba lagi.", "Could not load this page. Check your connection and try again.";
    Loading => "Memuat…", "Loading…";
    Offline => "Anda sedang offline", "You are offline";
    OfflineHint => "Katalog tetap dapat dibuka dari perangkat ini.", "The catalogue still works from this device.";
    UpdateAvailable => "Versi baru tersedia", "A new version is available";
    Update => "Perbarui", "Update";
    Language => "Bahasa", "Language";
    Apply => "Ajukan permohonan", "Apply";
    ApplyVia => "Ajukan lewat", "Apply through";
    GoTo => "Datang ke", "Go to";
    NotInLoket => "Permohonan layanan ini tidak diterima lewat Loket.", "Loket does not take applications for this service.";
    Or => "Atau,", "Or,";
    ReadyOf => "dari", "of";
    Ready => "siap", "ready";
    BringOriginals => "Bawa dokumen asli persyaratan:", "Bring the original documents:";
    TrackedRequest => "Permohonan yang dilacak", "Tracked request";
    TrackedHint => "Permohonan ini ditambahkan ke perangkat ini dengan nomor referensi dan PIN. Kabar terbarunya muncul di sini saat Anda online.", "This request was added to this device with its reference number and PIN. Its news appears here when you are online.";
    Form => "Formulir", "Form";
    FormNeedsApp => "Formulir ini diisi dan disimpan di perangkat Anda, juga saat offline, sehingga memerlukan JavaScript. Daftar di bawah membantu Anda menyiapkan jawabannya.", "This form is filled in and kept on your device, offline too, so it needs JavaScript. The list below helps you prepare your answers.";
    OnDeviceNeedsApp => "Halaman ini disusun dari data yang tersimpan di perangkat Anda, sehingga memerlukan JavaScript.", "This page is built from the data kept on your device, so it needs JavaScript.";
    IfApplicable => "(jika berlaku)", "(if it applies)";
    Optional => "(tidak wajib)", "(optional)";
    Back => "Kembali", "Back";
    Continue => "Lanjut", "Continue";
    LoadingFromDevice => "Memuat dari perangkat ini…", "Loading from this device…";
    SectionWord => "Bagian", "Section";
    Of => "dari", "of";
    Page => "Halaman", "Page";
    PreviousPage => "‹ Sebelumnya", "‹ Previous";
    NextPage => "Berikutnya ›", "Next ›";
    ListPages => "Halaman daftar", "List pages";
    ThereIsAProblem => "Ada yang perlu diperbaiki", "There is a problem";
    ErrorPrefix => "Kesalahan", "Error";
    Yes => "Ya", "Yes";
    No => "Tidak", "No";
    TakePhoto => "Ambil foto / Pilih berkas", "Take a photo / Choose a file";
    PEnter => "Masukkan", "Enter";
    PSelect => "Pilih", "Select";
    PUpload => "Lampirkan", "Upload";
    PAgain => "sekali lagi", "again";
    PAnAnswer => "jawaban", "an answer";
    PYesOrNo => "ya atau tidak", "yes or no";
    PTheAnswer => "Jawaban", "The answer";
    PAtLeast => "paling sedikit", "must be at least";
    PAtMost => "paling banyak", "must be at most";
    PCharacters => "karakter", "characters";
    PNumber => "harus berupa angka, contoh 3 atau 2,5", "must be a number, like 3 or 2.5";
    PSmallest => "tidak boleh kurang dari", "must be at least";
    PLargest => "tidak boleh lebih dari", "must be at most";
    PNotBefore => "tidak boleh sebelum", "must not be before";
    PNotAfter => "tidak boleh setelah", "must not be after";
    PPattern => "harus sesuai bentuk pada petunjuk", "must be in the format shown in the hint";
    PControl => "Hapus karakter tak terlihat (karakter kendali) dari jawaban ini", "Remove the invisible (control) characters from this answer";
    PDate => "harus tanggal yang ada", "must be a real date";
    PDateMissing => "harus berisi", "must include a";
    PDay => "tanggal", "day";
    PMonth => "bulan", "month";
    PYear => "tahun", "year";
    PAnd => "dan", "and";
    PFuture => "harus hari ini atau sebelumnya", "must be today or in the past";
    DateExample => "Contoh: 27 3 2007", "For example, 27 3 2007";
    PNikLength => "harus 16 angka", "must be 16 digits";
    PNikRegion => "6 angka pertama NIK harus kode wilayah (provinsi, kabupaten/kota, kecamatan)", "The first 6 digits of a NIK must be a region code (province, regency/city, district)";
    PNikBirth => "Angka ke-7 sampai ke-12 NIK adalah tanggal lahir (TTBBTT; perempuan: tanggal + 40)", "Digits 7 to 12 of a NIK are the birth date (DDMMYY; women: day + 40)";
    PNikSerial => "4 angka terakhir NIK tidak boleh 0000", "The last 4 digits of a NIK cannot be 0000";
    PPhone => "yang benar, contoh 0812 3456 7890", "in the right format, like 0812 3456 7890";
    PEmail => "yang benar, contoh nama@contoh.id", "in the right format, like name@example.id";
    PUnexpected => "Jawaban ini tidak sesuai dengan formulir", "This answer does not fit the form";
    FileNotSupported => "Jenis berkas tidak didukung. Pilih foto (JPEG atau PNG) atau PDF.", "This kind of file is not supported. Choose a photo (JPEG or PNG) or a PDF.";
    FileTooLarge => "Berkas terlalu besar. Paling besar", "The file is too large. The largest allowed is";
    FileUnreadable => "Berkas tidak dapat dibaca. Coba ambil foto lagi.", "The file could not be read. Try taking the photo again.";
    FileWorking => "Menyiapkan foto…", "Preparing the photo…";
    MyApplications => "Permohonan saya", "My requests";
    NoticeReturned => "Permohonan ini dikembalikan karena ada jawaban yang perlu diperbaiki. Perbaiki lalu kirim lagi.", "This application came back because some answers need fixing. Fix them and submit again.";
    NoticeFormChanged => "Formulir layanan ini sudah diperbarui. Periksa jawaban Anda lalu kirim lagi.", "The form of this service has changed. Check your answers and submit again.";
    NoticeConflict => "Permohonan ini sudah diterima dengan isi sebelumnya; perubahan Anda tidak dikirim. Hubungi instansi bila isinya perlu diubah.", "This application was already received with its earlier content; your changes were not sent. Contact the agency if it needs changing.";
    NoticeFileRefused => "Server menolak salah satu berkas. Lampirkan berkas lain lalu kirim lagi.", "The server refused one of the files. Attach another file and submit again.";
    NoticeUnknownService => "Layanan ini tidak lagi menerima permohonan melalui Loket.", "This service no longer takes applications through Loket.";
    NoticeRefused => "Server menolak permohonan ini.", "The server refused this application.";
    CheckAnswers => "Periksa jawaban Anda", "Check your answers";
    Change => "Ubah", "Change";
    SaveAndReturn => "Simpan dan kembali ke Periksa jawaban", "Save and return to check answers";
    NotAnswered => "Tidak diisi", "Not answered";
    SectionsDone => "bagian selesai", "sections done";
    FormSections => "Bagian formulir", "Form sections";
    TaskNotStarted => "Belum dimulai", "Not started";
    TaskInProgress => "Sedang diisi", "In progress";
    TaskDone => "Selesai", "Completed";
    DraftExists => "Anda sudah punya draf permohonan ini", "You already have a draft of this application";
    DraftExistsHint => "Draf ini tersimpan di perangkat ini.", "This draft is kept on this device.";
    ContinueDraft => "Lanjutkan draf Anda", "Continue your draft";
    StartNew => "Mulai permohonan baru", "Start a new application";
    StartNewHint => "Misalnya untuk anggota keluarga lain. Draf lama tetap ada di Permohonan saya.", "For example for another family member. Your draft stays in My applications.";
    SubmitNowHeading => "Kirim permohonan Anda", "Now send your application";
    SubmitHint => "Dengan mengirim, Anda menyatakan jawaban di atas benar. Jika sedang offline, permohonan disimpan di kotak keluar dan terkirim otomatis saat ada sinyal.", "By submitting you confirm that the answers above are true. If you are offline, the application waits in the outbox and is sent by itself when there is signal.";
    SubmitApplication => "Kirim permohonan", "Submit application";
    Draft => "Draf", "Draft";
    Drafts => "Draf", "Drafts";
    Outbox => "Kotak keluar", "Outbox";
    WaitingForSignal => "Menunggu sinyal", "Waiting for signal";
    Sending => "Sedang mengirim", "Sending";
    Sent => "Terkirim", "Sent";
    NeedsAttention => "Perlu tindakan Anda", "Needs your attention";
    QueuedText => "Permohonan Anda tersimpan di kotak keluar perangkat ini dan akan terkirim otomatis saat ada koneksi. Anda boleh menutup aplikasi.", "Your application is kept in this device's outbox and is sent by itself when there is a connection. You can close the app.";
    SendingText => "Permohonan Anda sedang dikirim.", "Your application is being sent.";
    AttentionText => "Pengiriman dihentikan. Baca pesan di atas.", "Sending has stopped. Read the message above.";
    Attempts => "Percobaan pengiriman", "Sending attempts";
    SubmittedOn => "Diajukan pada", "Submitted on";
    SendNow => "Kirim sekarang", "Send now";
    CancelSending => "Batalkan dan ubah", "Cancel and edit";
    ApplicationSent => "Permohonan terkirim", "Application sent";
    ReferenceNumber => "Nomor referensi", "Reference number";
    ReferenceHint => "Catat nomor referensi ini. Nomor ini juga tersimpan di perangkat ini dan dapat dibuka offline.", "Note this reference number. It is also kept on this device and can be opened offline.";
    Service => "Layanan", "Service";
    ReceivedAt => "Diterima", "Received";
    WhatNext => "Apa yang terjadi selanjutnya", "What happens next";
    WhatNextText => "Instansi akan memeriksa permohonan Anda. Sebutkan nomor referensi bila menghubungi instansi.", "The agency will review your application. Quote the reference number when you contact them.";
    NoApplications => "Belum ada permohonan di perangkat ini.", "There are no applications on this device yet.";
    LastChanged => "Terakhir diubah", "Last changed";
    DeleteDraft => "Hapus draf", "Delete draft";
    ConfirmDelete => "Hapus draf ini beserta foto di dalamnya dari perangkat ini?", "Delete this draft and its photos from this device?";
    KeepDraft => "Jangan hapus", "Keep it";
    StorageNotPersistent => "Peramban dapat menghapus draf bila ruang penyimpanan hampir habis. Pasang Loket di layar utama agar draf lebih aman, dan kirim permohonan segera.", "The browser may delete drafts when storage runs low. Install Loket to your home screen to keep drafts safer, and submit soon.";
    StorageNearlyFull => "Ruang penyimpanan perangkat hampir penuh. Kirim atau hapus draf agar tidak ada yang hilang.", "This device's storage is nearly full. Submit or delete drafts so nothing is lost.";
    StSubmitted => "Diajukan", "Submitted";
    StReceived => "Diterima", "Received";
    StInReview => "Sedang diperiksa", "In review";
    StNeedsInfo => "Perlu informasi tambahan", "More information needed";
    StApproved => "Disetujui", "Approved";
    StRejected => "Ditolak", "Rejected";
    StCompleted => "Selesai", "Completed";
    StCancelled => "Dibatalkan", "Cancelled";
    Timeline => "Riwayat", "Timeline";
    CurrentStatus => "Status", "Status";
    Due => "Tenggat", "Due";
    Pin => "PIN", "PIN";
    PinHint => "Dengan nomor referensi dan PIN ini Anda dapat melacak permohonan di perangkat lain. Jangan berikan PIN kepada orang lain.", "With the reference number and this PIN you can follow the application on another device. Do not share the PIN.";
    NewUpdate => "Baru", "New";
    StatusChanged => "Ada kabar baru untuk permohonan Anda:", "There is news about your application:";
    CancelRequest => "Batalkan permohonan", "Cancel application";
    CancelRequestHint => "Anda masih dapat membatalkan permohonan ini sebelum instansi mulai memeriksanya.", "You can still cancel this application before the agency starts reviewing it.";
    TrackRequest => "Lacak permohonan", "Track a request";
    TrackNeedReference => "Masukkan nomor referensi dari tanda terima.", "Enter the reference number from the receipt.";
    TrackNeedPin => "Masukkan PIN dari tanda terima.", "Enter the PIN from the receipt.";
    TrackPinDigits => "PIN terdiri dari 6 angka, seperti tertulis di tanda terima.", "The PIN is 6 digits, as printed on the receipt.";
    TrackHint => "Masukkan nomor referensi dan PIN dari tanda terima. Permohonan itu lalu tersimpan di perangkat ini, di Permohonan saya.", "Enter the reference number and PIN from the receipt. The request is then kept on this device, under My requests.";
    ReferenceFormat => "Contoh: A6TN-59AP-G", "For example: A6TN-59AP-G";
    TrackWrong => "Nomor referensi atau PIN tidak cocok. Periksa tanda terima Anda.", "The reference number or PIN does not match. Check your receipt.";
    TrackLimited => "Terlalu banyak percobaan untuk nomor ini. Coba lagi dalam 15 menit.", "Too many tries for this number. Try again in 15 minutes.";
    TrackOffline => "Tidak ada koneksi. Melacak permohonan memerlukan internet.", "No connection. Tracking a request needs the internet.";
    AnswerRequest => "Lengkapi permohonan", "Complete the application";
    AnsweringAgency => "Instansi meminta informasi tambahan:", "The agency asks for more information:";
    Account => "Akun", "Account";
    Updates => "kabar baru", "new updates";
    SavedOnDevice => "Tersimpan di perangkat ini", "Saved on this device";
    OfflineReady => "layanan tersimpan di perangkat ini untuk dibuka offline", "services saved on this device for offline use";
    // The public performance page (issue 12): the footer's link.
    Performance => "Kinerja layanan", "Service performance";
    Provinces => "Provinsi di ponsel ini", "Provinces on this phone";
    ProvincesPick => "Simpan layanan provinsi mana di ponsel ini?", "Which provinces' services should this phone keep?";
    ProvincesAsk => "Pilih provinsi Anda agar layanannya tersimpan di ponsel ini dan bisa dibuka tanpa sinyal.", "Choose your province so that its services are kept on this phone and open without a signal.";
    SearchedOnPhone => "Dicari di ponsel ini: layanan nasional dan provinsi pilihan Anda. Layanan provinsi lain dicari di server saat ada sinyal.", "Searched on this phone: national services and the provinces you chose. Other provinces' services are searched on the server when there is a signal.";
    Footer => "Loket adalah aplikasi terbuka. Informasi layanan bersumber dari peraturan dan standar pelayanan instansi.", "Loket is open software. Service information comes from regulations and the agencies' service standards.";
    // Account refusals and password rules (`Msg::from(AccountRefusal)`, `Msg::from(PasswordProblem)`).
    PasswordTooShort => "Kata sandi paling sedikit 10 karakter.", "The password must have at least 10 characters.";
    PasswordTooLong => "Kata sandi paling banyak 256 karakter.", "The password can have at most 256 characters.";
    PasswordAllDigits => "Kata sandi tidak boleh hanya angka. Tambahkan huruf atau tanda baca.", "The password cannot be only digits. Add letters or punctuation.";
    PasswordSameAsLogin => "Kata sandi tidak boleh sama dengan nomor HP atau email Anda.", "The password cannot be your phone number or e-mail address.";
    PasswordUnchanged => "Kata sandi baru harus berbeda dari kata sandi saat ini.", "The new password must differ from the current one.";
    AccountBadLogin => "Masukkan nomor HP (misalnya 0812 3456 7890) atau alamat email.", "Enter a mobile number (for example 0812 3456 7890) or an e-mail address.";
    AccountLoginTaken => "Sudah ada akun dengan nomor HP atau email ini. Silakan masuk.", "There is already an account with this phone number or e-mail. Please sign in.";
    AccountUnknownAgency => "Instansi tersebut tidak dikenal.", "That agency is not known.";
    AccountBadRole => "Peran tersebut tidak dapat diberikan dengan cara ini.", "That role cannot be given this way.";
    AccountNoSuchAccount => "Akun tersebut tidak ditemukan.", "That account was not found.";
    AccountIsYourself => "Anda tidak dapat menonaktifkan akun Anda sendiri.", "You cannot disable your own account.";
    AccountWrongPassword => "Kata sandi saat ini salah.", "The current password is wrong.";
    AccountMustChangePassword => "Ganti dulu kata sandi sementara Anda sebelum bekerja di kantor layanan.", "Change your temporary password before working in the back office.";
    // What the citizen expects, asked when sending (issue 11: expected vs perceived).
    ExpectTitle => "Harapan Anda (tidak wajib)", "What you expect (optional)";
    ExpectHint => "Jawaban ini tidak memengaruhi permohonan Anda. Instansi membandingkannya dengan kenyataan untuk memperbaiki pelayanan.", "These answers do not affect your application. The agency compares them with what happens, to improve the service.";
    ExpectDays => "Menurut Anda, berapa hari kerja sampai selesai?", "How many working days do you expect it to take?";
    ExpectDaysHint => "Diisi dengan janji standar pelayanan; ubah bila Anda memperkirakan lain.", "Filled in with the service standard's promise; change it if you expect otherwise.";
    ExpectCost => "Berapa biaya yang Anda perkirakan (Rp)?", "How much do you expect to pay (Rp)?";
    ExpectReady => "Seberapa siap persyaratan Anda?", "How ready are your requirements?";
    Ready1 => "Tidak siap", "Not ready";
    Ready2 => "Kurang siap", "Partly ready";
    Ready3 => "Siap", "Ready";
    Ready4 => "Sangat siap", "Fully ready";
    ExpectNumber => "Tulis angka bulat saja, atau kosongkan.", "Write a whole number only, or leave it empty.";
    ExpectTooLarge => "Angka ini terlalu besar.", "This number is too large.";
    // The satisfaction survey of a closed request (issue 11), on the phone too.
    SurveyTitle => "Survei Kepuasan Masyarakat", "Public satisfaction survey";
    SurveyIntro => "Bagaimana pelayanan yang Anda terima? Jawaban Anda tanpa nama: petugas hanya melihat ringkasan dari paling sedikit 5 jawaban.", "How was the service you received? Your answers carry no name: staff only see summaries of at least 5 answers.";
    SurveySend => "Kirim jawaban", "Send answers";
    SurveyThanks => "Terima kasih. Jawaban Anda sudah kami terima.", "Thank you. We have received your answers.";
    SurveyPickOne => "Pilih salah satu jawaban.", "Choose one answer.";
    SurveyWaiting => "Jawaban survei Anda tersimpan di ponsel ini dan akan terkirim saat ada sambungan.", "Your survey answers are kept on this phone and will be sent when there is a connection.";
    SurveyInvite => "Isi survei kepuasan", "Fill in the satisfaction survey";
    SurveyMissing => "Jawab kesembilan pertanyaan sebelum mengirim.", "Answer all nine questions before sending.";
    // A question refused on the phone before it is kept (issue 11), as the server says it.
    QaEmpty => "Tulis teksnya dulu.", "Write the text first.";
    QaTooShort => "Terlalu pendek: paling sedikit {n} karakter.", "Too short: at least {n} characters.";
    QaTooLong => "Terlalu panjang: paling banyak {n} karakter.", "Too long: at most {n} characters.";
    QaControl => "Teks memuat karakter yang tidak dapat ditampilkan. Ketik ulang teksnya.", "The text holds characters that cannot be shown. Type it again.";
    QaNik => "Teks ini memuat NIK (16 angka). Tanya jawab terlihat oleh semua orang: hapus NIK lalu kirim lagi.", "This text holds a NIK (16 digits). Questions and answers are public: remove the NIK and send again.";
    QaPhone => "Teks ini memuat nomor HP. Tanya jawab terlihat oleh semua orang: hapus nomor HP lalu kirim lagi.", "This text holds a mobile number. Questions and answers are public: remove the number and send again.";
    QaEmail => "Teks ini memuat alamat email. Tanya jawab terlihat oleh semua orang: hapus alamat email lalu kirim lagi.", "This text holds an e-mail address. Questions and answers are public: remove the address and send again.";
    QaTitle => "Tanya jawab", "Questions and answers";
    QaNoPersonal => "Jangan tulis NIK, nomor HP, alamat email, atau data pribadi lain.", "Do not write a NIK, phone number, e-mail address or other personal data.";
    QaYourQuestion => "Pertanyaan Anda", "Your question";
    QaSend => "Kirim pertanyaan", "Send the question";
    QaQueued => "Pertanyaan Anda tersimpan di ponsel ini dan akan dikirim saat ada sambungan. Setelah itu pertanyaan tampil di halaman ini.", "Your question is kept on this phone and will be sent when there is a connection. It then shows on this page.";
@server
    // The province choice (`/provinsi`, server-rendered).
    ProvincesIntro => "Ponsel ini menyimpan layanan nasional dan layanan provinsi yang Anda pilih, agar bisa dibuka tanpa sinyal. Layanan provinsi lain tetap bisa dicari saat ada sinyal.", "This phone keeps the national services and the services of the provinces you choose, so they open without a signal. Other provinces' services can still be searched when there is a signal.";
    ProvincesNational => "Layanan nasional ({n} layanan) selalu tersimpan.", "National services ({n} services) are always kept.";
    ProvincesSave => "Simpan pilihan", "Save my choice";
    ProvincesSaved => "Pilihan tersimpan. Ponsel ini mengunduh layanan provinsi pilihan Anda saat ada sinyal.", "Choice saved. This phone downloads the services of the provinces you chose when there is a signal.";
    ProvincesNotYet => "Anda belum memilih: hanya layanan nasional yang tersimpan.", "You have not chosen yet: only the national services are kept.";
    // The upload protocol's refusals (server only; `{n}`: a number filled in by `Msg::with`).
    UploadBadName => "Nama berkas tidak sah: harus sidik SHA-256 berupa 64 karakter heksadesimal.", "The file name is not valid: it must be a SHA-256 of 64 hexadecimal characters.";
    UploadBadKey => "Unggahan harus menyebut permohonan yang dilampirinya: ?key= berisi id permohonan (UUIDv7).", "An upload must name the application it is for: ?key= with the application's id (a UUIDv7).";
    UploadKeyQuota => "Berkas-berkas permohonan ini bersama-sama melebihi {n} MB. Kecilkan foto atau kirim lebih sedikit berkas.", "This application's files together are larger than {n} MB. Make the photos smaller or send fewer files.";
    UploadAddressQuota => "Terlalu banyak unggahan dari alamat ini dalam satu jam. Unggahan akan dilanjutkan nanti.", "Too much has been uploaded from this address in the last hour. The upload will continue later.";
    UploadServerBusy => "Server sedang menerima terlalu banyak unggahan. Unggahan akan dilanjutkan nanti.", "The server is receiving too many uploads right now. The upload will continue later.";
    UploadStorageFull => "Penyimpanan server hampir penuh. Unggahan akan dilanjutkan nanti.", "The server's storage is nearly full. The upload will continue later.";
    UploadBadQuery => "Unggahan harus menyebut offset dan total dalam byte, misalnya ?offset=0&total=12345.", "An upload must give offset and total in bytes, e.g. ?offset=0&total=12345.";
    UploadEmpty => "Berkas kosong. Pilih foto atau PDF yang berisi.", "The file is empty. Choose a photo or PDF with something in it.";
    UploadTooLarge => "Berkas terlalu besar: paling besar 5 MB. Kecilkan fotonya atau kirim PDF yang lebih kecil.", "The file is too large: 5 MB at most. Make the photo smaller or send a smaller PDF.";
    UploadChunkTooLarge => "Potongan unggahan terlalu besar. Kirim berkas dalam potongan yang lebih kecil.", "This part of the upload is too large. Send the file in smaller parts.";
    UploadCutOff => "Unggahan terputus sebelum selesai. Coba kirim lagi.", "The upload was cut off before it finished. Try sending it again.";
    UploadOffsetMismatch => "Server sudah menyimpan {n} byte dari berkas ini. Lanjutkan dari byte ke-{n}.", "The server holds {n} bytes of this file. Continue from byte {n}.";
    UploadBeyondTotal => "Potongan ini melewati ukuran total berkas.", "This part goes past the file's total size.";
    UploadUnsupportedType => "Jenis berkas tidak didukung. Kirim foto JPEG/PNG atau PDF.", "This kind of file is not supported. Send a JPEG/PNG photo or a PDF.";
    // Corrections to the catalogue (issue 11): the citizen's page, the back office's editor,
    // history and dashboard.
    CorrectionTitle => "Laporkan kesalahan informasi", "Report wrong information";
    CorrectionIntro => "Beri tahu instansi apa yang salah pada informasi layanan ini. Petugas instansi akan memeriksa dan memperbaikinya. Jangan tulis data pribadi seperti NIK atau nomor HP.", "Tell the agency what is wrong in this service's information. Its staff will check and correct it. Do not write personal data such as an ID number or phone number.";
    CorrectionField => "Bagian yang salah", "Which part is wrong";
    CorrectionChoose => "Pilih bagian", "Choose a part";
    FieldName => "Nama layanan", "Service name";
    FieldSummary => "Ringkasan", "Summary";
    FieldOther => "Lainnya", "Something else";
    CorrectionSaw => "Apa yang tertulis sekarang (tidak wajib)", "What it says now (optional)";
    CorrectionShould => "Seharusnya tertulis", "What it should say";
    CorrectionEvidence => "Foto bukti (tidak wajib)", "Photo as evidence (optional)";
    CorrectionEvidenceHint => "JPEG atau PNG, paling besar 200 KB; misalnya foto papan informasi di kantor layanan.", "JPEG or PNG, at most 200 KB; for example a photo of the notice board at the office.";
    CorrectionSend => "Kirim laporan", "Send the report";
    CorrectionThanks => "Terima kasih, laporan Anda sudah diterima", "Thank you, your report was received";
    CorrectionThanksHint => "Petugas instansi akan memeriksanya. Informasi yang sudah diperbaiki tampil di halaman layanan.", "The agency's staff will check it. Corrected information shows on the service page.";
    CorrectionBack => "Kembali ke halaman layanan", "Back to the service page";
    CorrectionNoField => "Pilih bagian yang salah", "Choose which part is wrong";
    CorrectionNoText => "Tulis apa yang seharusnya tertulis", "Write what it should say";
    CorrectionTooLong => "Teks terlalu panjang: paling banyak 2.000 karakter", "The text is too long: 2,000 characters at most";
    CorrectionBadCharacter => "Teks berisi karakter yang tidak diizinkan", "The text holds characters that are not allowed";
    CorrectionNotAPhoto => "Foto bukti harus berupa JPEG atau PNG", "The evidence must be a JPEG or PNG photo";
    CorrectionPhotoTooLarge => "Foto bukti terlalu besar: paling besar 200 KB", "The evidence photo is too large: 200 KB at most";
    CorrectionUnreadable => "Formulir tidak terbaca. Coba kirim lagi.", "The form could not be read. Try sending it again.";
    CorrectionTooMany => "Terlalu banyak laporan dari alamat ini. Coba lagi dalam satu jam.", "Too many reports from this address. Try again in an hour.";
    DeskTitle => "Informasi layanan", "Service information";
    DeskIntro => "Jaga informasi layanan instansi Anda tetap benar: perbaiki yang dilaporkan warga, dan periksa yang terakhir diverifikasi lebih dari 12 bulan lalu. Bila tidak ada yang berubah, tekan “Masih benar”.", "Keep your agency's service information right: fix what citizens report, and check what was last verified more than 12 months ago. If nothing changed, press “Still correct”.";
    DeskServices => "Layanan, yang paling lama diverifikasi lebih dulu", "Services, least recently verified first";
    DeskStale => "Perlu diperiksa", "Needs checking";
    DeskEdit => "Ubah", "Edit";
    DeskHistory => "Riwayat perubahan", "Change history";
    StillCorrect => "Masih benar", "Still correct";
    DeskOpenCorrections => "Laporan kesalahan yang terbuka, yang terlama lebih dulu", "Open reports of mistakes, oldest first";
    DeskCorrections => "Laporan kesalahan", "Reports of mistakes";
    DeskNoCorrections => "Tidak ada laporan kesalahan yang terbuka.", "No open reports of mistakes.";
    DeskSaid => "Tertulis", "It says";
    DeskShouldSay => "Seharusnya", "It should say";
    DeskOpenPhoto => "Buka foto", "Open the photo";
    DeskClosingNote => "Catatan (tidak wajib)", "Note (optional)";
    DeskResolve => "Sudah diperbaiki", "Resolved";
    DeskDismiss => "Abaikan", "Dismiss";
    DeskDismissed => "Diabaikan", "Dismissed";
    DeskOpen => "Terbuka", "Open";
    DeskConfirmed => "Tanggal verifikasi diperbarui.", "The verified date was renewed.";
    DeskCorrectionClosed => "Laporan ditutup.", "The report was closed.";
    DeskRefused => "Perubahan tidak dapat disimpan: layanan sudah berubah sejak halaman dibuka, atau isinya tidak sah. Muat ulang lalu coba lagi.", "The change could not be saved: the service changed since the page was opened, or the content is not valid. Reload and try again.";
    DeskEditTitle => "Ubah informasi layanan", "Edit service information";
    DeskEditHint => "Satu butir per baris, dan jumlah baris Bahasa Indonesia dan Inggris sama. Bagian dipisah dengan “ | ”: persyaratan “syarat | alternatif”, biaya “jumlah | nama” (Inggris: nama), tempat layanan “office atau online | nama | alamat | tautan” (Inggris: “nama | alamat”). Formulir permohonan tidak diubah di sini.", "One item a line, with as many lines in Indonesian as in English. Parts are separated by “ | ”: requirements “requirement | alternative”, costs “amount | name” (English: the name), places “office or online | name | address | link” (English: “name | address”). The application form is not changed here.";
    DeskRevision => "Revisi", "Revision";
    DeskPreview => "Pratinjau perubahan", "Preview the changes";
    DeskPublish => "Terbitkan", "Publish";
    DeskBackToEdit => "Kembali mengubah", "Back to editing";
    DeskNoChanges => "Tidak ada perubahan selain tanggal verifikasi.", "No changes but the verified date.";
    DeskValue => "Bagian", "Part";
    DeskBefore => "Sebelum", "Before";
    DeskAfter => "Sesudah", "After";
    DeskPublished => "Diterbitkan", "Published";
    DeskImported => "Impor katalog", "Catalogue import";
    DeskCostFree => "Gratis", "Free of charge";
    DeskCostBasis => "Dasar tarif", "Basis of the charges";
    DeskCostNote => "Catatan biaya", "Note on the cost";
    DeskProcessingDays => "Batas waktu (hari kerja)", "Time limit (working days)";
    DeskPhone => "Telepon", "Phone";
    DeskEmail => "Email", "Email";
    DeskWebsite => "Situs web", "Website";
    DeskRequired => "wajib diisi", "is required";
    DeskTooLong => "terlalu panjang", "is too long";
    DeskLinesDiffer => "jumlah baris Bahasa Indonesia dan Inggris tidak sama", "has a different number of lines in Indonesian and English";
    DeskBadLine => "ada baris yang tidak dapat dibaca", "has a line that cannot be read";
    DeskBadDays => "harus bilangan bulat dari 1 sampai 365", "must be a whole number from 1 to 365";
    DeskAttention => "Perlu perhatian", "Needs attention";
    DeskStaleCount => "layanan perlu diperiksa (diverifikasi lebih dari 12 bulan lalu)", "services to check (verified more than 12 months ago)";
    DeskCorrectionCount => "laporan kesalahan terbuka", "open reports of mistakes";
    DeskQuestionCount => "pertanyaan belum dijawab (terlama dulu)", "questions not answered yet (oldest first)";
    StaffExpect => "Harapan warga saat mengirim (tidak masuk IKM)", "What the citizen expected when sending (not part of the IKM)";
    StaffExpectDays => "Hari kerja: harapan / nyata", "Working days: expected / actual";
    StaffExpectCost => "Biaya: harapan / standar", "Cost: expected / standard";
    UploadHashMismatch => "Isi berkas tidak cocok dengan sidik SHA-256-nya; berkas rusak di jalan. Kirim ulang dari awal.", "The file's bytes do not match its SHA-256; it was damaged on the way. Send it again from the start.";
    UploadInternal => "Terjadi kesalahan di server. Coba lagi nanti.", "Something went wrong on the server. Try again later.";
    // The back office and the account page, which only the server renders (`ui::staff_html`).
    ViewAttachment => "Lihat lampiran", "View attachment";
    Officers => "Petugas", "Staff";
    Officer => "Petugas", "Officer";
    AgencyAdmin => "Admin instansi", "Agency admin";
    Disabled => "Nonaktif", "Disabled";
    Disable => "Nonaktifkan", "Disable";
    Enable => "Aktifkan lagi", "Enable again";
    ChangePassword => "Ganti kata sandi", "Change password";
    CurrentPassword => "Kata sandi saat ini", "Current password";
    NewPassword => "Kata sandi baru", "New password";
    MustChangePassword => "Kata sandi Anda dibuat oleh admin. Ganti dulu dengan kata sandi pilihan Anda sendiri sebelum mulai bekerja.", "Your password was chosen by an admin. Change it to one of your own before you start working.";
    PasswordChanged => "Kata sandi sudah diganti. Perangkat lain yang masih masuk sudah dikeluarkan.", "Password changed. Any other device that was signed in has been signed out.";
    PasswordNotChanged => "Kata sandi belum diganti. Coba lagi.", "The password was not changed. Try again.";
    TooManyTries => "Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.", "Too many tries. Wait a moment, then try again.";
    AssignedToColleague => "Permohonan ini ditangani petugas lain. Hanya petugas tersebut atau admin instansi yang dapat mengubahnya.", "Another officer handles this request. Only they or an agency admin can change it.";
    InviteOfficer => "Undang petugas", "Invite an officer";
    TemporaryPassword => "Kata sandi sementara", "Temporary password";
    TemporaryPasswordHint => "Paling sedikit 10 karakter, bukan hanya angka. Sampaikan secara langsung kepada petugas.", "At least 10 characters, not only digits. Give it to the officer in person.";
    OfficerRefused => "Tidak dapat dilakukan: periksa nomor HP/email dan kata sandi (paling sedikit 10 karakter), atau nomor HP/email itu sudah dipakai.", "Not possible: check the login and password (at least 10 characters), or the login is taken.";
    SignedInAs => "Masuk sebagai", "Signed in as";
    AccountFollows => "Permohonan di perangkat ini tersimpan juga di akun Anda dan dapat dibuka dari perangkat lain.", "The applications on this device are kept in your account too and can be opened from other devices.";
    AccountWhy => "Akun tidak wajib. Dengan akun, permohonan Anda ikut ke perangkat lain.", "An account is optional. With one, your applications follow you to other devices.";
    AccountFailed => "Tidak berhasil: periksa nomor HP/email dan kata sandi. Kata sandi baru paling sedikit 10 karakter dan tidak hanya angka; nomor HP/email itu mungkin sudah terdaftar.", "That did not work: check the login and password. A new password has at least 10 characters, not only digits; the login may be taken.";
    CreateAccount => "Buat akun", "Create an account";
    PasswordRules => "Paling sedikit 10 karakter, tidak hanya angka, dan berbeda dari nomor HP/email Anda.", "At least 10 characters, not only digits, and not the same as the login.";
    Queue => "Antrean permohonan", "Request queue";
    Pages => "Halaman antrean", "Queue pages";
    Dashboard => "Dasbor", "Dashboard";
    SignIn => "Masuk", "Sign in";
    SignOut => "Keluar", "Sign out";
    StaffSignIn => "Masuk sebagai petugas", "Staff sign-in";
    SignInFailed => "Nomor HP/email atau kata sandi salah, atau terlalu banyak percobaan. Periksa keduanya lalu coba lagi.", "Wrong phone number/email or password, or too many tries. Check both and try again.";
    EnterLogin => "Masukkan nomor HP atau email Anda", "Enter your phone number or email";
    EnterPassword => "Masukkan kata sandi Anda", "Enter your password";
    StaffAccountHint => "Akun petugas dibuat oleh admin instansi Anda. Belum punya akun? Minta admin instansi mengundang Anda; Anda akan menerima kata sandi sementara.", "Staff accounts are made by your agency's admin. No account yet? Ask your agency's admin to invite you; you will get a temporary password.";
    LoginLabel => "Nomor HP atau email", "Phone number or email";
    Password => "Kata sandi", "Password";
    StaffOnly => "Khusus petugas instansi", "Agency staff only";
    StaffOnlyHint => "Akun ini bukan akun petugas instansi.", "This account is not an agency staff account.";
    AllStatuses => "Semua status", "All statuses";
    OnlyOverdue => "Hanya yang terlambat", "Overdue only";
    OnlyMine => "Hanya yang saya tangani", "Mine only";
    ReceivedIn => "Hanya yang diterima dalam", "Only those received in";
    Filter => "Saring", "Filter";
    EmptyQueue => "Tidak ada permohonan.", "No requests.";
    Overdue => "Terlambat", "Overdue";
    AssignedTo => "Ditangani oleh", "Assigned to";
    Nobody => "belum ada", "nobody yet";
    Claim => "Ambil permohonan ini", "Claim this request";
    Release => "Lepaskan", "Release";
    NextStep => "Langkah berikutnya", "Next step";
    NoteToCitizen => "Catatan untuk pemohon", "Note to the citizen";
    InternalNote => "Catatan internal (tidak terlihat pemohon)", "Internal note (not shown to the citizen)";
    Answers => "Jawaban pemohon", "The citizen's answers";
    AuditTrail => "Jejak audit", "Audit trail";
    AnswerChanges => "Perubahan jawaban", "Changes to the answers";
    AnswersChanged => "Jawaban diubah pemohon", "Answers changed by the citizen";
    NothingChanged => "Tidak ada jawaban yang berubah.", "No answer changed.";
    NoAnswer => "(kosong)", "(empty)";
    OpenCount => "Terbuka", "Open";
    MedianDays => "Median hari kerja", "Median working days";
    // The open data's refusal of an unknown period (issue 12).
    PerfBadPeriod => "Periode tidak dikenal: tulis tahun (2026) atau triwulan (2026-Q1).", "Unknown period: write a year (2026) or a quarter (2026-Q1).";
    // Satisfaction (issue 11, SKM/IKM): the staff's IKM page and the walk-in survey.
    Ikm => "Indeks Kepuasan Masyarakat (IKM)", "Public satisfaction index (IKM)";
    IkmNav => "IKM", "IKM";
    IkmPeriod => "Periode", "Period";
    IkmShow => "Tampilkan", "Show";
    IkmYear => "Tahun", "Year";
    IkmQuarter => "Triwulan", "Quarter";
    IkmWholeAgency => "Seluruh instansi", "Whole agency";
    IkmValue => "IKM (25–100)", "IKM (25–100)";
    IkmGrade => "Mutu pelayanan", "Service quality";
    IkmSample => "Responden / sampel minimum (Krejcie–Morgan)", "Respondents / minimum sample (Krejcie–Morgan)";
    IkmRequests => "Permohonan dalam periode", "Requests in the period";
    IkmTooFew => "Kurang dari 5 jawaban: tidak ditampilkan agar tidak ada responden yang dapat dikenali.", "Fewer than 5 answers: not shown, so that no respondent can be recognised.";
    IkmFewer => "kurang dari 5", "fewer than 5";
    IkmNrr => "Nilai rata-rata per unsur (NRR, 1–4)", "Mean score per element (NRR, 1–4)";
    IkmUnsur => "Unsur", "Element";
    IkmMethod => "IKM = rata-rata NRR kesembilan unsur × 25, dibulatkan dua desimal (PermenPANRB 14/2017). A: 88,31–100; B: 76,61–88,30; C: 65,00–76,60; D: 25,00–64,99.", "IKM = mean NRR of the nine elements × 25, rounded to two decimals (PermenPANRB 14/2017). A: 88.31–100; B: 76.61–88.30; C: 65.00–76.60; D: 25.00–64.99.";
    IkmGaps => "Harapan dan kenyataan (dilaporkan terpisah, tidak masuk IKM)", "Expected and actual (reported apart, not part of the IKM)";
    IkmGapDays => "Hari kerja sebenarnya − harapan (rata-rata)", "Actual − expected working days (mean)";
    IkmGapCost => "Biaya standar − harapan (rata-rata)", "Standard cost − expected cost (mean)";
    IkmPerceived => "Persepsi Waktu / Biaya (NRR)", "Perceived time / cost (NRR)";
    IkmGapNone => "kurang dari 5 permohonan dengan harapan", "fewer than 5 requests with an expectation";
    IkmWalkIn => "Survei di loket", "Counter survey";
    IkmQr => "Kode QR untuk dicetak", "QR code to print";
    SurveyAnother => "Isi survei untuk orang lain", "Fill in the survey for someone else";
    SurveyFailed => "Jawaban tidak dapat disimpan. Coba lagi.", "Your answers could not be saved. Try again.";
    SurveyTooMany => "Terlalu banyak jawaban dari alamat ini. Coba lagi nanti.", "Too many answers from this address. Try again later.";
    ActionFailed => "Perubahan itu tidak dapat dilakukan pada status ini, atau catatan untuk pemohon kosong.", "That change is not possible in this status, or the note to the citizen is empty.";
    QaIntro => "Pertanyaan dan jawaban di sini terlihat oleh semua orang. Siapa pun boleh menjawab; petugas instansi menjawab dengan tanda Jawaban resmi.", "Questions and answers here are public. Anyone may answer; the agency's staff answer with the Official answer mark.";
    QaSent => "Terima kasih, sudah tersimpan.", "Thank you, it has been saved.";
    QaYourAnswer => "Jawaban Anda", "Your answer";
    QaSendAnswer => "Kirim jawaban", "Send the answer";
    QaOfficial => "Jawaban resmi", "Official answer";
    QaAccepted => "Diterima instansi", "Accepted by the agency";
    QaNone => "Belum ada pertanyaan tentang layanan ini.", "No questions about this service yet.";
    QaUnanswered => "Belum dijawab", "Not answered yet";
    QaMedian => "Instansi ini biasanya menjawab dalam {n} hari.", "This agency usually answers within {n} days.";
    QaMedianNone => "Belum ada pertanyaan yang dijawab instansi ini.", "This agency has not answered a question yet.";
    QaReport => "Laporkan", "Report";
    QaReason => "Alasan", "Reason";
    QaQueue => "Pertanyaan belum dijawab", "Unanswered questions";
    QaAge => "Umur", "Age";
    QaDays => "hari", "days";
    QaAnswerOfficially => "Jawab sebagai instansi", "Answer for the agency";
    QaAccept => "Terima jawaban ini", "Accept this answer";
    QaHide => "Sembunyikan", "Hide";
    QaPromote => "Jadikan FAQ", "Make it a FAQ";
    QaQueueEmpty => "Semua pertanyaan sudah dijawab.", "Every question has an answer.";
    QaFailed => "Tidak dapat dilakukan. Periksa teksnya lalu coba lagi.", "That could not be done. Check the text and try again.";
    AcReceive => "Terima", "Receive";
    AcReview => "Mulai periksa", "Start review";
    AcAskInfo => "Minta informasi tambahan", "Ask for more information";
    AcAnswer => "Jawab", "Answer";
    AcApprove => "Setujui", "Approve";
    AcReject => "Tolak", "Reject";
    AcComplete => "Selesaikan", "Complete";
    AcCancel => "Batalkan", "Cancel";
    // The public performance page `/kinerja` and the dashboard's figures (issue 12).
    PerfTitle => "Kinerja layanan publik", "Public service performance";
    PerfIntro => "Berapa lama permohonan lewat Loket benar-benar diselesaikan dibandingkan janji standar pelayanan, berapa yang terlambat, seberapa puas warga dan seberapa cepat pertanyaan dijawab, per instansi dan per layanan.", "How long requests made through Loket really take against the promise of the service standard, how many are late, how satisfied people are and how fast questions are answered, per agency and per service.";
    PerfNone => "Belum ada permohonan, jawaban survei atau pertanyaan dalam periode ini.", "No requests, survey answers or questions in this period yet.";
    PerfWithheldNote => "— berarti tidak ditampilkan: angka itu dihitung dari kurang dari 5 permohonan atau jawaban, sehingga orangnya dapat dikenali.", "— means not shown: the figure would rest on fewer than 5 requests or answers, so the people behind it could be recognised.";
    PerfWithheld => "tidak ditampilkan, kurang dari 5", "not shown, fewer than 5";
    PerfMethod => "Permohonan dihitung pada periode diterimanya; yang selesai atau ditolak pada periode selesainya. Terbuka dan terlambat adalah keadaan hari ini dari permohonan yang diterima dalam periode. Hari kerja tidak menghitung akhir pekan, libur nasional dan, di instansi yang tutup saat itu, cuti bersama. Median dan persentil ke-90 memakai peringkat terdekat.", "A request counts in the period it was received; a completed or rejected one also in the period it was finished. Open and overdue are today's state of the requests received in the period. Working days leave out weekends, national holidays and, at agencies that close then, cuti bersama. The median and the 90th percentile are nearest-rank.";
    PerfRequests => "Permohonan", "Requests";
    PerfReceived => "Diterima", "Received";
    PerfOverdueNow => "Terlambat saat ini", "Overdue now";
    PerfTime => "Waktu penyelesaian (hari kerja)", "Time to finish (working days)";
    PerfMedian => "Median", "Median";
    PerfP90 => "Persentil ke-90", "90th percentile";
    PerfPromised => "Janji standar", "Promised";
    PerfOnTime => "Selesai dalam janji", "Finished within the promise";
    PerfNoPromise => "tanpa janji", "no promise";
    PerfVaries => "beragam", "varies";
    PerfSatisfaction => "Kepuasan masyarakat (IKM)", "Public satisfaction (IKM)";
    PerfQuestions => "Tanya jawab", "Questions";
    PerfAsked => "Pertanyaan", "Asked";
    PerfAnswered => "Dijawab resmi", "Answered officially";
    PerfAnswerHours => "Median jam sampai jawaban resmi", "Median hours to an official answer";
    PerfCorrections => "Laporan informasi keliru", "Reports of wrong information";
    PerfSent => "Dikirim", "Sent";
    PerfStillOpen => "Masih terbuka", "Still open";
    PerfFixDays => "Median hari sampai diperbaiki", "Median days to fix";
    PerfChannels => "Saluran permohonan", "Where requests came from";
    PerfChApp => "Aplikasi Loket", "Loket app";
    PerfChCounter => "Loket instansi", "Agency counter";
    PerfChOpen311 => "Sistem lain (Open311)", "Other systems (Open311)";
    PerfChWeb => "Formulir web", "Web form";
    PerfChartDays => "Median hari kerja dibandingkan janji standar", "Median working days against the promise";
    PerfChartOnTime => "Permohonan selesai dalam janji", "Requests finished within the promise";
    PerfChartEmpty => "Belum ada layanan dengan cukup data untuk grafik ini.", "No service has enough data for this chart yet.";
    PerfChartLegend => "Batang: median. Garis: janji standar.", "Bar: the median. Line: the promise.";
    PerfChartData => "Data grafik", "The chart's data";
    PerfSumWithin => "Median dalam janji: {a} dari {b} layanan.", "Median within the promise: {a} of {b} services.";
    PerfSumSlowest => "Paling jauh dari janji: {s} (median {m}, janji {p} hari kerja).", "Furthest from the promise: {s} (median {m}, promise {p} working days).";
    PerfSumHighest => "Tertinggi: {s} ({v}).", "Highest: {s} ({v}).";
    PerfSumLowest => "Terendah: {s} ({v}).", "Lowest: {s} ({v}).";
    PerfOpenData => "Data terbuka", "Open data";
    PerfCsv => "Unduh CSV", "Download CSV";
    PerfJson => "Unduh JSON", "Download JSON";
    PerfLicence => "Lisensi CC BY 4.0: boleh dipakai ulang dan diolah dengan menyebut sumbernya (Loket).", "Licence CC BY 4.0: reuse and adapt freely, naming the source (Loket).";
    PerfColumns => "Satu baris per instansi (kolom service kosong) lalu per layanannya, untuk periode yang dipilih. Hari dalam hari kerja; persen dan IKM bertitik desimal; withheld berarti tidak ditampilkan (kurang dari 5); sel kosong berarti tidak berlaku. Kolom:", "One row per agency (service empty), then one per service, for the chosen period. Days are working days; percentages and the IKM use a decimal point; withheld means not shown (fewer than 5); an empty cell does not apply. Columns:";
    PerfDashboard => "Angka instansi Anda, sama dengan yang terbit di halaman Kinerja layanan. Angka terlambat membuka antrean permohonan itu.", "Your agency's figures, as published on the Service performance page. An overdue figure opens those requests in the queue.";
    PerfOverdueLink => "buka permohonan terlambat di antrean", "open the overdue requests in the queue";
    // Issue 13, part 1 (Open311): the channel and a partner's request on the staff page.
    PartnerHeading => "Diajukan lewat sistem mitra", "Filed through a partner system";
    PartnerName => "Mitra", "Partner";
    PartnerAddress => "Alamat atau lokasi", "Address or location";
    PartnerDescription => "Keterangan pemohon", "The applicant's description";
    PartnerMedia => "Foto dari mitra", "Photo from the partner";
    PartnerApplicant => "Nama pemohon", "Applicant's name";
    PartnerPhone => "Nomor HP", "Mobile number";
    PartnerDocuments => "Dokumen belum diterima (diajukan lewat mitra): pemohon membawanya ke kantor layanan.", "Documents not received yet (filed through a partner): the applicant brings them to the office.";
    // Issue 13, parts 2 and 3: the assisted counter and applying without JavaScript (the
    // server's own form, `ui::web_form_html`).
    WfStart => "Isi formulir di sini", "Fill in the form here";
    AnswerOnlyIf => "Jawab hanya bila “{q}” dijawab: {a}.", "Answer only if “{q}” is answered: {a}.";
    WfStartHint => "Tanpa aplikasi: setiap bagian dikirim ke server dan disimpan di sana untuk browser ini selama 7 hari.", "Without the app: each section is sent to the server and kept there for this browser for 7 days.";
    WfKeepReceipt => "Catat nomor referensi dan PIN ini, atau simpan halaman ini. Keduanya diperlukan untuk melacak permohonan.", "Note the reference number and PIN, or save this page. You need both to follow the request.";
    WfTrackAt => "Lacak permohonan di", "Follow the request at";
    WfExpected => "Perkiraan selesai", "Expected completion";
    WfChannel => "Saluran", "Channel";
    WfNothingSent => "Permohonan ini belum dikirim. Periksa jawaban Anda lalu kirim.", "This application has not been sent. Check your answers, then submit.";
    CtNav => "Loket", "Counter";
    CtTitle => "Ajukan di loket", "File at the counter";
    CtIntro => "Pilih layanan, lalu isi formulirnya bersama warga: bagian yang sama, aturan yang sama. Foto dokumen dapat diambil dengan kamera loket atau dipilih dari berkas.", "Choose a service, then fill in its form with the citizen: the same sections, the same rules. Document photos can come from the counter's camera or from files.";
    CtNotAllowed => "Anda belum diizinkan mengajukan permohonan di loket. Minta admin instansi Anda untuk mengizinkannya di halaman Petugas.", "You may not file applications at the counter yet. Ask your agency admin to allow it on the Officers page.";
    CtNone => "Instansi Anda belum menerima permohonan lewat Loket.", "Your agency takes no applications through Loket yet.";
    CtReceipt => "Tanda terima", "Receipt";
    CtFiledAtCounter => "Diajukan di loket", "Filed at the counter";
    CtPrint => "Cetak tanda terima", "Print the receipt";
    CtPrintHint => "Cetak halaman ini (Ctrl+P): tanda terima muat di satu halaman A4 atau kertas struk 80 mm.", "Print this page (Ctrl+P): the receipt fits one A4 page or 80 mm receipt paper.";
    CtNew => "Permohonan baru", "New application";
    CtCitizenHint => "Warga dapat menambahkan permohonan ini di ponselnya: Lacak permohonan, lalu nomor referensi dan PIN.", "The citizen can add this request on their phone: Track a request, then the reference number and PIN.";
    CtAllow => "Izinkan di loket", "Allow at the counter";
    CtDisallow => "Cabut izin loket", "Withdraw counter permission";
    CtAllowed => "Boleh mengajukan di loket", "May file at the counter";
    // Issue 13 §4: sign-in with OpenID Connect (server::oidc, ui::staff_html::oidc).
    OidcHeading => "Atau masuk dengan penyedia identitas", "Or sign in with an identity provider";
    OidcLinkHeading => "Tautkan penyedia identitas", "Link an identity provider";
    OidcLinkHint => "Setelah ditautkan, Anda dapat masuk dengan penyedia itu tanpa kata sandi Loket.", "Once linked, you can sign in with that provider without your Loket password.";
    OidcSignInWith => "Masuk dengan {p}", "Sign in with {p}";
    OidcRefused => "Masuk dengan penyedia identitas tidak berhasil", "Signing in with the identity provider did not succeed";
    OidcRefusedState => "Permintaan masuk ini tidak dikenal, sudah dipakai atau kedaluwarsa. Tidak ada yang disimpan. Silakan mulai lagi.", "This sign-in request is unknown, already used or expired. Nothing was stored. Please start again.";
    OidcRefusedProvider => "Penyedia identitas menolak permintaan ini atau tidak dapat dihubungi. Tidak ada yang disimpan. Silakan coba lagi.", "The identity provider refused this request or could not be reached. Nothing was stored. Please try again.";
    OidcRefusedToken => "Jawaban penyedia identitas tidak lolos pemeriksaan keamanan. Tidak ada yang disimpan.", "The identity provider's answer failed the security checks. Nothing was stored.";
    OidcLinkedElsewhere => "Identitas ini sudah ditautkan dengan akun Loket lain.", "This identity is already linked to another Loket account.";
    OidcHasIdentity => "Akun ini sudah ditautkan dengan identitas lain di penyedia ini.", "This account is already linked to another identity at this provider.";
    OidcDisabled => "Akun ini dinonaktifkan.", "This account is disabled.";
    OidcSessionChanged => "Anda keluar atau berganti akun saat berada di penyedia identitas. Silakan mulai lagi.", "You signed out or changed accounts while at the identity provider. Please start again.";
    OidcLimited => "Terlalu banyak percobaan masuk dari perangkat ini. Coba lagi dalam satu jam.", "Too many sign-in attempts from this device. Try again in an hour.";
    OidcUseProvider => "Staf instansi Anda masuk dengan penyedia identitas yang sudah ditautkan, bukan dengan kata sandi.", "Your agency's staff sign in with their linked identity provider, not with a password.";
}

/// The language the interface is shown in, shared by every component.
#[derive(Clone, Copy)]
pub struct LangContext(pub RwSignal<Lang>);

impl From<PasswordProblem> for Msg {
    /// What to tell a person whose new password breaks this rule.
    fn from(p: PasswordProblem) -> Msg {
        match p {
            PasswordProblem::TooShort => Msg::PasswordTooShort,
            PasswordProblem::TooLong => Msg::PasswordTooLong,
            PasswordProblem::AllDigits => Msg::PasswordAllDigits,
            PasswordProblem::SameAsLogin => Msg::PasswordSameAsLogin,
            PasswordProblem::Unchanged => Msg::PasswordUnchanged,
        }
    }
}

impl From<AccountRefusal> for Msg {
    /// What to tell a person whose account request was refused.
    fn from(r: AccountRefusal) -> Msg {
        match r {
            AccountRefusal::Password(p) => Msg::from(p),
            AccountRefusal::BadLogin => Msg::AccountBadLogin,
            AccountRefusal::LoginTaken => Msg::AccountLoginTaken,
            AccountRefusal::UnknownAgency => Msg::AccountUnknownAgency,
            AccountRefusal::BadRole => Msg::AccountBadRole,
            AccountRefusal::NoSuchAccount => Msg::AccountNoSuchAccount,
            AccountRefusal::IsYourself => Msg::AccountIsYourself,
            AccountRefusal::WrongPassword => Msg::AccountWrongPassword,
            AccountRefusal::MustChangePassword => Msg::AccountMustChangePassword,
        }
    }
}

/// What to tell a person whose question, answer or reason was refused (the limit filled in).
pub fn qa_problem(
    p: crate::domain::qa::TextProblem,
    kind: crate::domain::qa::TextKind,
    lang: Lang,
) -> String {
    use crate::domain::qa::{Found, TextProblem};
    let (min, max) = kind.limits();
    match p {
        TextProblem::Empty => Msg::QaEmpty.get(lang).to_string(),
        TextProblem::TooShort => Msg::QaTooShort.with(lang, min),
        TextProblem::TooLong => Msg::QaTooLong.with(lang, max),
        TextProblem::ControlCharacters => Msg::QaControl.get(lang).to_string(),
        TextProblem::Personal(Found::Nik) => Msg::QaNik.get(lang).to_string(),
        TextProblem::Personal(Found::Phone) => Msg::QaPhone.get(lang).to_string(),
        TextProblem::Personal(Found::Email) => Msg::QaEmail.get(lang).to_string(),
    }
}

impl Msg {
    /// The message in `lang` with each `{name}` of `values` filled in, in one pass (a value
    /// holding `{…}` stays as it is).
    pub fn fill(self, lang: Lang, values: &[(&str, &str)]) -> String {
        let mut rest = self.get(lang);
        let mut out = String::with_capacity(rest.len());
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let found = after.find('}').and_then(|close| {
                let name = &after[..close];
                let value = values.iter().find(|(n, _)| *n == name)?.1;
                Some((value, close))
            });
            match found {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The message in `lang` with its `{n}` filled in by `n`.
    pub fn with(self, lang: Lang, n: impl std::fmt::Display) -> String {
        self.get(lang).replace("{n}", &n.to_string())
    }
}

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
            assert!(
                !m.get(Lang::Id).trim().is_empty(),
                "{m:?} has no Indonesian"
            );
            assert!(!m.get(Lang::En).trim().is_empty(), "{m:?} has no English");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn placeholders_are_filled_once() {
        let text = Msg::PerfSumWithin.fill(Lang::En, &[("a", "{b}"), ("b", "5")]);
        assert_eq!(text, "Median within the promise: {b} of 5 services.");
        assert_eq!(
            Msg::PerfSumHighest.fill(Lang::Id, &[]),
            "Tertinggi: {s} ({v})."
        );
    }

    #[test]
    fn every_problem_and_refusal_has_a_message_in_both_languages() {
        let mut refusals = vec![
            AccountRefusal::BadLogin,
            AccountRefusal::LoginTaken,
            AccountRefusal::UnknownAgency,
            AccountRefusal::BadRole,
            AccountRefusal::NoSuchAccount,
            AccountRefusal::IsYourself,
            AccountRefusal::WrongPassword,
            AccountRefusal::MustChangePassword,
        ];
        refusals.extend(PasswordProblem::ALL.map(AccountRefusal::Password));
        for r in refusals {
            let (id, en) = (Msg::from(r).get(Lang::Id), Msg::from(r).get(Lang::En));
            assert!(!id.is_empty() && !en.is_empty() && id != en, "{r:?}");
        }
    }
}
