//! The phrasings a service's sentences are drawn from, per family of templates, with
//! `{placeholders}` the composer fills with the template's and the agency's own words. Several
//! phrasings per sentence, so that two offices' pages read as two offices wrote them.

use super::templates::Family;
use super::text::P;

/// One-sentence summaries.
pub fn summaries(f: Family) -> &'static [P] {
    match f {
        Family::Adminduk => &[
            ("Pelayanan {obj} oleh {agency} bagi {who}, {why}.", "{agency} provides {obj} for {who}, {why}."),
            ("Penerbitan {obj} untuk {who} di {region}. Dokumen ini diperlukan {why}.", "Getting {obj} for {who} in {region}. You need it {why}."),
            ("{Obj} diurus di {agency} atau di {mpp}, {why}. Layanan ini untuk {who}.", "Apply for {obj} at {agency} or at the {mpp}, {why}. This service is for {who}."),
            ("Bagi {who} di {region}: ajukan {obj} {why}. Tanpa biaya.", "For {who} in {region}: apply for {obj} {why}. It is free."),
            ("{agency} melayani permohonan {obj} dari {who}; dokumen ini dipakai {why}.", "{agency} handles applications for {obj} from {who}; you need it {why}."),
            ("Permohonan {obj} di wilayah {region} untuk {who}, {why}. Dapat diajukan lewat {app} atau di loket.", "Applying for {obj} in {region}, for {who}, {why}. You can apply through {app} or at the counter."),
        ],
        Family::Izin => &[
            ("{agency} menerbitkan {obj} bagi {who}, {why}.", "{agency} issues {obj} to {who}, {why}."),
            ("Permohonan {obj} di {region} untuk {who}. Izin ini diperlukan {why}.", "Applying for {obj} in {region}, for {who}. You need it {why}."),
            ("Layanan perizinan {obj} untuk {who}, {why}. Diajukan lewat {app} atau di loket {mpp}.", "Licensing service for {obj}: for {who}, {why}. Apply through {app} or at the {mpp} counter."),
            ("Bagi {who} di wilayah {region}, {obj} diurus di {agency} {why}.", "If you are one of the {who} in {region}, get {obj} from {agency} {why}."),
            ("{Obj} diterbitkan {agency} {why}; berlaku bagi {who}.", "{agency} issues {obj} {why}; it applies to {who}."),
        ],
        Family::Pajak => &[
            ("Pembayaran dan pelaporan {obj} di {region} bagi {who}, {why}.", "Paying and reporting {obj} in {region}, for {who}, {why}."),
            ("{agency} mengelola {obj} {why}. Layanan ini untuk {who}.", "{agency} administers {obj} {why}. This service is for {who}."),
            ("Urus {obj} di {agency}, di {mpp}, atau lewat {app}; berlaku bagi {who}.", "Handle {obj} at {agency}, at the {mpp} or through {app}; it applies to {who}."),
            ("Layanan {obj} untuk {who} di {region}, {why}.", "{Obj} service for {who} in {region}, {why}."),
            ("Bagi {who}: {obj} dihitung dan dibayar di {agency} {why}.", "For {who}: {obj} is assessed and paid at {agency} {why}."),
        ],
        Family::Sosial => &[
            ("{agency} menerima usulan {obj} dari {who}, {why}.", "{agency} takes applications for {obj} from {who}, {why}."),
            ("Layanan {obj} bagi {who} di {region}, {why}.", "{Obj} for {who} in {region}, {why}."),
            ("Ajukan {obj} lewat desa atau kelurahan, lalu {agency} memverifikasinya. Untuk {who}, {why}.", "Apply for {obj} through your village or ward office; {agency} then checks it. For {who}, {why}."),
            ("Bantuan ini untuk {who}: {obj} {why}, setelah data diverifikasi {agency}.", "This help is for {who}: {obj} {why}, once {agency} has checked your details."),
            ("Permohonan {obj} di {region} untuk {who}. Tujuannya {why}.", "Applying for {obj} in {region}, for {who}. It is there {why}."),
        ],
        Family::Surat => &[
            ("Kantor kelurahan dan desa di {region} menerbitkan {obj} bagi {who}, {why}.", "Ward and village offices in {region} issue {obj} to {who}, {why}."),
            ("{Obj} untuk {who}. Surat ini diperlukan {why}.", "{Obj} for {who}. You need it {why}."),
            ("Permohonan {obj} di kelurahan atau desa tempat Anda tinggal, {why}. Layanan ini untuk {who}.", "Applying for {obj} at the ward or village office where you live, {why}. This service is for {who}."),
            ("Bagi {who} di {region}: minta {obj} di kantor kelurahan atau desa {why}.", "For {who} in {region}: ask your ward or village office for {obj} {why}."),
            ("{Obj} ditandatangani lurah atau kepala desa bagi {who}, {why}.", "{Obj}, signed by the ward or village head, for {who}, {why}."),
        ],
        Family::Teknis => &[
            ("{agency} melayani {obj} bagi {who}, {why}.", "{agency} provides {obj} for {who}, {why}."),
            ("Layanan {obj} di {region} untuk {who}. Layanan ini diperlukan {why}.", "{Obj} in {region}, for {who}. It is needed {why}."),
            ("Ajukan {obj} di {office} atau lewat {app}; untuk {who}, {why}.", "Apply for {obj} at {office} or through {app}; for {who}, {why}."),
            ("Bagi {who}: {obj} dari {agency} {why}.", "For {who}: {obj} from {agency} {why}."),
            ("Permohonan {obj} kepada {agency_full}, {why}. Untuk {who}.", "Applying to the {agency_full} for {obj}, {why}. For {who}."),
        ],
    }
}

/// The national services' summaries.
pub const NATIONAL_SUMMARIES: &[P] = &[
    (
        "{agency} melayani {obj} bagi {who}, {why}.",
        "{agency} handles {obj} for {who}, {why}.",
    ),
    (
        "Layanan {obj} untuk {who}, {why}. Diajukan lewat {online}.",
        "{Obj}, for {who}, {why}. Apply through {online}.",
    ),
    (
        "{Obj}: layanan {agency_full} untuk {who}, {why}.",
        "{Obj}: a service of the {agency_full} for {who}, {why}.",
    ),
    (
        "Bagi {who}: ajukan {obj} ke {agency} lewat {online} atau di {office_n}, {why}.",
        "For {who}: apply to {agency} for {obj} through {online} or at {office_n}, {why}.",
    ),
    (
        "Permohonan {obj} secara nasional, {why}; untuk {who}.",
        "Applying nationally for {obj}, {why}; for {who}.",
    ),
];

/// The steps, slot by slot: one phrasing of each slot, in order. Many name the service
/// (`{obj}`), as a real standard's procedure does.
pub fn steps(f: Family) -> &'static [&'static [P]] {
    match f {
        Family::Adminduk => &[
            &[
                ("Siapkan dokumen persyaratan {obj} dan fotokopinya.", "Get the documents for {obj} and copies ready."),
                ("Lengkapi berkas sesuai daftar persyaratan di atas.", "Put together the documents listed above."),
                ("Isi formulir permohonan {obj} yang tersedia di loket atau di {app}.", "Fill in the application form for {obj} at the counter or in {app}."),
                ("Minta surat pengantar RT/RW bila kelurahan Anda memintanya untuk {obj}.", "Get a covering letter from your RT/RW if your ward asks for one for {obj}."),
                ("Periksa dulu data Anda di KK; {obj} dibuat dari data itu.", "First check your details on the Family Card; {obj} is made from them."),
            ],
            &[
                ("Datang ke {office} di {addr}, atau ke loket Disdukcapil di {mpp}.", "Go to {office} at {addr}, or to the Disdukcapil counter at the {mpp}."),
                ("Ajukan permohonan {obj} di loket kecamatan atau lewat {app}.", "Apply for {obj} at your sub-district counter or through {app}."),
                ("Ambil nomor antrean layanan {obj} di {office}; antrean daring tersedia lewat {app}.", "Take a queue number for {obj} at {office}; you can also queue online through {app}."),
                ("Serahkan berkas di loket pelayanan {agency}.", "Hand in your documents at the {agency} service counter."),
            ],
            &[
                ("Petugas memeriksa berkas dan mencocokkan data dengan database kependudukan.", "The officer checks your documents against the population database."),
                ("Petugas memverifikasi data Anda; bila ada kekurangan, Anda diberi tahu saat itu juga.", "The officer verifies your details; if anything is missing, you are told on the spot."),
                ("Berkas {obj} diverifikasi dan divalidasi oleh operator SIAK.", "A SIAK operator verifies and validates the file for {obj}."),
                ("Data yang berubah dimutakhirkan lebih dulu di SIAK sebelum {obj} diproses.", "Changed details are updated in SIAK before {obj} is processed."),
            ],
            &[
                ("Dokumen diproses dan ditandatangani secara elektronik.", "Your document is processed and signed electronically."),
                ("Petugas mencetak {obj} setelah data disetujui.", "The officer prints {obj} once the data is approved."),
                ("Kepala dinas menandatangani {obj} dengan tanda tangan elektronik (TTE).", "The head of the office signs {obj} with an electronic signature."),
            ],
            &[
                ("Terima {obj} di loket, atau unduh PDF-nya bila dikirim lewat email.", "Collect {obj} at the counter, or download the PDF if it is emailed to you."),
                ("Ambil dokumen di loket dengan menunjukkan tanda terima.", "Collect the document at the counter by showing your receipt."),
                ("{Obj} dikirim ke email atau WhatsApp Anda, atau diambil di loket.", "{Obj} is sent to your email or WhatsApp, or you collect it at the counter."),
                ("Periksa kembali isi {obj} sebelum meninggalkan loket.", "Check {obj} carefully before leaving the counter."),
            ],
        ],
        Family::Izin => &[
            &[
                ("Buat akun di {app} atau di OSS (oss.go.id).", "Create an account in {app} or in OSS (oss.go.id)."),
                ("Daftar dan masuk ke sistem perizinan {app}, lalu pilih {obj}.", "Register and log in to the {app} licensing system, then choose {obj}."),
                ("Konsultasikan rencana Anda di meja konsultasi {mpp}.", "Discuss your plans at the consultation desk of the {mpp}."),
                ("Baca standar pelayanan {obj} di {site} sebelum mengajukan.", "Read the service standard for {obj} on {site} before applying."),
            ],
            &[
                ("Isi formulir permohonan {obj} dan unggah dokumen persyaratan.", "Fill in the application for {obj} and upload the required documents."),
                ("Unggah dokumen persyaratan dalam format PDF.", "Upload the required documents as PDF files."),
                ("Serahkan berkas {obj} di loket {agency} di {addr}.", "Hand in the documents for {obj} at the {agency} counter at {addr}."),
            ],
            &[
                ("Petugas memeriksa kelengkapan dan keabsahan dokumen.", "Officers check that the documents are complete and valid."),
                ("Tim teknis memverifikasi berkas {obj} dan, bila perlu, meninjau lokasi.", "The technical team checks the file for {obj} and visits the site if needed."),
                ("Bila ada kekurangan, permohonan dikembalikan untuk dilengkapi.", "If anything is missing, the application is returned for you to complete."),
                ("Dinas teknis memberi rekomendasi atas permohonan {obj}.", "The technical office gives its recommendation on {obj}."),
            ],
            &[
                ("{Obj} diterbitkan dengan tanda tangan elektronik.", "{Obj} is issued with an electronic signature."),
                ("Kepala dinas menandatangani {obj}.", "The head of the office signs {obj}."),
                ("Dokumen {obj} terbit dan dapat diunduh di {app}.", "{Obj} is issued and can be downloaded in {app}."),
            ],
            &[
                ("Unduh izin Anda atau ambil cetakannya di loket.", "Download your permit or collect a printed copy at the counter."),
                ("Simpan {obj} dan tampilkan di tempat usaha bila diwajibkan.", "Keep {obj} and display it at your premises if required."),
                ("Laporkan kegiatan secara berkala sesuai ketentuan {obj}.", "Report on the activity regularly as {obj} requires."),
            ],
        ],
        Family::Pajak => &[
            &[
                ("Siapkan dokumen pajak Anda (SPPT, NOP, atau NPWPD).", "Have your tax documents ready (tax notice, property number or local tax number)."),
                ("Cek tagihan {obj} Anda di {app} atau di situs {site}.", "Check what you owe in {obj} in {app} or on {site}."),
                ("Datang ke {office} atau gerai pajak di {mpp}.", "Go to {office} or the tax desk at the {mpp}."),
                ("Lihat jatuh tempo {obj} pada surat ketetapan Anda.", "Look up the due date for {obj} on your assessment."),
            ],
            &[
                ("Petugas menghitung {obj} yang terutang dan denda bila ada.", "The officer works out the {obj} due and any fine."),
                ("Isi atau perbarui data objek pajak bila diminta.", "Fill in or update the taxable object's details if asked."),
                ("Serahkan formulir dan dokumen pendukung.", "Hand in the form and supporting documents."),
            ],
            &[
                ("Bayar lewat bank daerah, kantor pos, minimarket, atau QRIS.", "Pay at the regional bank, a post office, a minimarket or by QRIS."),
                ("Bayar {obj} di kasir atau dengan kode bayar yang diberikan.", "Pay the {obj} at the cashier or with the payment code given."),
                ("Lakukan pembayaran sebelum jatuh tempo agar tidak kena denda.", "Pay before the due date to avoid a fine."),
            ],
            &[
                ("Simpan bukti bayar atau STTS.", "Keep the receipt (STTS)."),
                ("Terima bukti pembayaran {obj} yang sah.", "Receive a valid receipt for the {obj}."),
                ("Bukti bayar elektronik dapat diunduh di {app}.", "An electronic receipt can be downloaded in {app}."),
            ],
        ],
        Family::Sosial => &[
            &[
                ("Minta surat pengantar dari RT/RW dan desa atau kelurahan.", "Get covering letters from your RT/RW and village or ward."),
                ("Daftar lewat operator SIKS-NG di desa atau kelurahan.", "Register with the SIKS-NG operator at your village or ward office."),
                ("Datang ke {office} atau hubungi pendamping sosial di kecamatan.", "Go to {office} or contact the social worker in your sub-district."),
                ("Tanyakan ke desa atau kelurahan apakah Anda memenuhi syarat {obj}.", "Ask your village or ward office whether you qualify for {obj}."),
            ],
            &[
                ("Serahkan berkas persyaratan {obj}.", "Hand in the documents for {obj}."),
                ("Isi formulir usulan {obj} bersama petugas.", "Fill in the proposal for {obj} with the officer."),
                ("Unggah dokumen lewat {app} bila tersedia.", "Upload the documents through {app} if available."),
            ],
            &[
                ("Petugas atau pendamping melakukan kunjungan rumah untuk verifikasi.", "An officer or social worker visits your home to check."),
                ("Data diverifikasi dan divalidasi oleh {agency}.", "{agency} verifies and validates your data."),
                ("Hasil verifikasi dibahas dalam musyawarah desa atau kelurahan.", "The result is discussed at a village or ward meeting."),
            ],
            &[
                ("{agency} menetapkan penerima {obj} dan mengusulkannya ke Kementerian Sosial bila perlu.", "{agency} decides who receives {obj} and forwards it to the Ministry of Social Affairs where needed."),
                ("Anda diberi tahu hasilnya lewat desa, kelurahan, atau SMS.", "You are told the result through the village or ward office or by text message."),
                ("Cek status usulan {obj} di aplikasi Cek Bansos.", "Check the status of {obj} in the Cek Bansos app."),
            ],
        ],
        Family::Surat => &[
            &[
                ("Minta surat pengantar dari ketua RT dan RW untuk {obj}.", "Get a covering letter for {obj} from your RT and RW heads."),
                ("Siapkan pengantar RT/RW dan fotokopi dokumen.", "Have the RT/RW letter and copies of your documents ready."),
                ("Isi permohonan {obj} lewat {app} bila kelurahan Anda sudah memakainya.", "Apply for {obj} through {app} if your ward already uses it."),
            ],
            &[
                ("Datang ke kantor kelurahan atau desa pada jam layanan ({hours}).", "Go to the ward or village office during opening hours ({hours})."),
                ("Serahkan berkas {obj} di loket pelayanan kelurahan atau desa.", "Hand in the documents for {obj} at the ward or village service counter."),
                ("Bawa dokumen asli untuk dicocokkan.", "Bring the originals for checking."),
            ],
            &[
                ("Petugas memeriksa berkas dan mengetik {obj}.", "An officer checks your documents and types {obj}."),
                ("Berkas diverifikasi oleh kasi pemerintahan atau kesejahteraan rakyat.", "The government or welfare section head checks the documents."),
                ("Petugas mencatat {obj} di buku register kelurahan.", "An officer records {obj} in the ward's register."),
            ],
            &[
                ("Lurah atau kepala desa menandatangani {obj}; bila perlu diketahui camat.", "The ward or village head signs {obj}; where required the sub-district head countersigns."),
                ("Surat diberi nomor register dan stempel.", "The letter gets a register number and stamp."),
                ("Terima {obj} di loket.", "Collect {obj} at the counter."),
            ],
        ],
        Family::Teknis => &[
            &[
                ("Siapkan dokumen persyaratan {obj}.", "Get the documents for {obj} ready."),
                ("Daftar di loket {agency} atau lewat {app}.", "Register at the {agency} counter or through {app}."),
                ("Hubungi {phone} untuk menanyakan jadwal layanan {obj}.", "Call {phone} to ask when {obj} is available."),
            ],
            &[
                ("Serahkan berkas dan isi formulir {obj}.", "Hand in your documents and fill in the form for {obj}."),
                ("Petugas mencatat permohonan dan memberi tanda terima.", "An officer records your request and gives you a receipt."),
                ("Unggah dokumen lewat {app}.", "Upload your documents through {app}."),
            ],
            &[
                ("Petugas memeriksa berkas dan, bila perlu, melakukan pemeriksaan lapangan.", "Officers check the documents and inspect on site if needed."),
                ("Tim teknis menilai permohonan {obj} Anda.", "The technical team assesses your request for {obj}."),
                ("Bila ada kekurangan, Anda dihubungi lewat telepon atau WhatsApp.", "If anything is missing, you are contacted by phone or WhatsApp."),
            ],
            &[
                ("Hasil layanan {obj} diterbitkan dan ditandatangani.", "The result of {obj} is issued and signed."),
                ("Terima hasilnya di loket atau lewat email.", "Receive the result at the counter or by email."),
                ("Kepala dinas menetapkan hasil layanan {obj}.", "The head of the office decides on {obj}."),
            ],
        ],
    }
}

/// The national services' steps.
pub const NATIONAL_STEPS: &[&[P]] = &[
    &[
        ("Buat akun di {online}.", "Create an account in {online}."),
        ("Masuk ke {online} dengan akun Anda.", "Log in to {online}."),
        (
            "Siapkan dokumen persyaratan dalam bentuk PDF.",
            "Prepare the required documents as PDF files.",
        ),
    ],
    &[
        (
            "Isi data permohonan dan unggah dokumen.",
            "Enter the application details and upload the documents.",
        ),
        (
            "Pilih jenis layanan, lalu lengkapi formulir daring.",
            "Choose the service, then complete the online form.",
        ),
    ],
    &[
        (
            "Bayar PNBP dengan kode billing SIMPONI bila dikenakan.",
            "Pay the PNBP fee with a SIMPONI billing code if one applies.",
        ),
        (
            "Petugas memeriksa permohonan; perbaiki bila diminta.",
            "Officers review the application; correct it if asked.",
        ),
        (
            "Permohonan diperiksa secara berjenjang.",
            "The application is reviewed at several levels.",
        ),
    ],
    &[
        (
            "Unduh hasilnya di {online}.",
            "Download the result in {online}.",
        ),
        (
            "Hasil dikirim lewat email dan dapat diunduh.",
            "The result is emailed and can be downloaded.",
        ),
        (
            "Bila perlu, ambil dokumen asli di {office_n}.",
            "If needed, collect the original at {office_n}.",
        ),
    ],
];

/// An optional last step of population documents.
pub const PRINT_AT_HOME: &[P] = &[
    (
        "Cetak sendiri dokumen bertanda tangan elektronik di kertas HVS A4 80 gram.",
        "Print the electronically signed document yourself on plain A4 80 g paper.",
    ),
    (
        "{Obj} dalam bentuk PDF dapat dicetak sendiri; tidak perlu legalisir.",
        "{Obj} as a PDF can be printed at home; it needs no certification.",
    ),
    (
        "Simpan file {obj} di ponsel; cetakan di kertas biasa sama sahnya.",
        "Keep the {obj} file on your phone; a print on plain paper is just as valid.",
    ),
];

/// How long it takes, when the standard names working days.
pub const PROCESSING_DAYS: &[P] = &[
    ("Paling lama {days} hari kerja sejak berkas {obj} lengkap, menurut standar pelayanan {agency}.", "At most {days} working days from a complete application for {obj}, under {agency}'s service standard."),
    ("{days} hari kerja setelah berkas dinyatakan lengkap dan benar ({perkada}).", "{days} working days once the file is complete and correct ({perkada})."),
    ("Standar pelayanan {obj}: {days} hari kerja, dihitung sejak tanda terima berkas lengkap.", "Service standard for {obj}: {days} working days, counted from the receipt of a complete file."),
    ("Selesai dalam {days} hari kerja; permohonan yang masuk setelah pukul 14.00 dihitung sejak hari berikutnya.", "Done within {days} working days; applications after 14:00 count from the next day."),
    ("{Obj} selesai paling lambat {days} hari kerja di {agency}, tidak termasuk hari libur.", "{Obj} is done within {days} working days at {agency}, not counting holidays."),
];

/// How long it takes, when no working days are set.
pub const PROCESSING_OPEN: &[P] = &[
    ("Jangka waktu {obj} bergantung pada kelengkapan berkas; tanyakan ke {agency}.", "The time for {obj} depends on how complete your file is; ask {agency}."),
    ("Tidak ada jangka waktu baku; biasanya selesai pada hari yang sama bila berkas lengkap.", "There is no fixed time; it is usually done the same day if the file is complete."),
    ("Mengikuti jadwal program dan verifikasi lapangan; hasil {obj} diumumkan lewat desa atau kelurahan.", "It follows the programme's schedule and field checks; results for {obj} are announced through the village or ward."),
    ("Waktu penyelesaian berbeda menurut kasus; petugas {agency} memberi perkiraan saat berkas diterima.", "The time varies by case; {agency} staff give an estimate when the file is received."),
];

/// Local notes.
pub const NOTES: &[P] = &[
    ("Sejak {year}, layanan ini juga tersedia di {mpp} pada hari Sabtu pukul 08.00–12.00.", "Since {year}, this service is also offered at the {mpp} on Saturdays, 8:00–12:00."),
    ("Antrean daring dibuka lewat {app} mulai pukul 06.00 setiap hari kerja.", "Online queueing opens in {app} at 6:00 every working day."),
    ("Warga lansia, penyandang disabilitas, dan ibu hamil didahulukan di loket {agency}.", "Older people, disabled people and pregnant women are served first at {agency}."),
    ("Bagi warga di pulau atau desa terpencil, {agency} mengadakan pelayanan keliling sesuai jadwal di {site}.", "For residents of islands or remote villages, {agency} runs mobile services on dates published on {site}."),
    ("Tidak ada pungutan di luar ketentuan; laporkan pungli ke {wa} atau SP4N-LAPOR!.", "There are no charges beyond those set; report illegal fees to {wa} or SP4N-LAPOR!."),
    ("Berkas yang tidak lengkap dikembalikan, dan jangka waktu layanan belum dihitung.", "Incomplete files are returned, and the service time does not start."),
    ("Selama bulan Ramadan, loket {agency} tutup satu jam lebih awal.", "During Ramadan, the {agency} counters close an hour earlier."),
    ("Layanan ini diatur dalam {perkada} tentang Standar Pelayanan.", "This service is governed by {perkada} on service standards."),
    ("Pengambilan dokumen dapat diwakilkan dengan surat kuasa dan KTP-el yang mewakili.", "Someone else can collect the result with your authorisation and their e-KTP."),
];

/// National services' notes.
pub const NATIONAL_NOTES: &[P] = &[
    ("Waspadai calo dan situs palsu; satu-satunya kanal resmi adalah {online}.", "Beware of touts and fake sites; the only official channel is {online}."),
    ("Pertanyaan dijawab lewat kontak pusat {phone} pada hari kerja.", "Questions are answered on {phone} on working days."),
    ("Ketentuan tarif dapat berubah bila peraturan PNBP diperbarui; periksa kembali sebelum membayar.", "Fees may change when the PNBP rules are updated; check again before paying."),
    ("Permohonan yang belum lengkap dalam 30 hari dapat dianggap ditarik kembali.", "An application left incomplete for 30 days may be treated as withdrawn."),
];

/// The first office channel's name.
pub const OFFICE_NAMES: &[P] = &[
    ("Kantor {agency_full}", "{agency_full}"),
    ("Loket {agency} di {mpp}", "{agency} counter at the {mpp}"),
    (
        "{agency} dan kantor kecamatan di {region}",
        "{agency} and the sub-district offices of {region}",
    ),
];

/// Where that office is.
pub const OFFICE_WHERE: &[P] = &[
    ("{addr}. Buka {hours}.", "{addr}. Open {hours}."),
    (
        "{addr}; telepon {phone}. Jam layanan: {hours}.",
        "{addr}; phone {phone}. Opening hours: {hours}.",
    ),
    (
        "Gedung pelayanan, {addr}. {Hours}.",
        "Service building, {addr}. {Hours}.",
    ),
    (
        "{addr} (dekat alun-alun). Loket buka {hours}.",
        "{addr} (near the town square). Counters open {hours}.",
    ),
];

/// Opening hours.
pub const HOURS: &[P] = &[
    (
        "Senin–Kamis 08.00–15.00, Jumat 08.00–11.30",
        "Monday to Thursday 8:00–15:00, Friday 8:00–11:30",
    ),
    ("Senin–Jumat 07.30–16.00", "Monday to Friday 7:30–16:00"),
    (
        "Senin–Jumat 08.00–14.00, Sabtu 08.00–12.00",
        "Monday to Friday 8:00–14:00, Saturday 8:00–12:00",
    ),
    (
        "Senin–Kamis 07.30–15.30, Jumat 07.30–11.00",
        "Monday to Thursday 7:30–15:30, Friday 7:30–11:00",
    ),
    (
        "Senin–Jumat 08.00–15.00 (istirahat 12.00–13.00)",
        "Monday to Friday 8:00–15:00 (closed 12:00–13:00)",
    ),
    ("Senin–Sabtu 08.00–13.00", "Monday to Saturday 8:00–13:00"),
];

/// Cost notes of a free service.
pub const FREE_NOTES: &[P] = &[
    ("Tidak dipungut biaya.", "There is no charge."),
    (
        "Gratis. Laporkan bila ada yang meminta bayaran untuk {obj}.",
        "Free. Report anyone who asks you to pay for {obj}.",
    ),
    (
        "{Obj} gratis, termasuk dokumen elektronik yang dikirim lewat email.",
        "{Obj} is free, including electronic documents sent by email.",
    ),
    (
        "Tanpa biaya di {agency}; jasa fotokopi dan meterai ditanggung sendiri.",
        "Free at {agency}; you pay for your own photocopies and duty stamps.",
    ),
];

/// Cost notes of a charged service.
pub const CHARGE_NOTES: &[P] = &[
    ("Besarnya retribusi {obj} diatur {perda}; dibayar ke kas daerah, bukan kepada petugas.", "The fee for {obj} is set by {perda} and is paid to the regional treasury, never to an officer."),
    ("Tarif mengikuti {perda}; bukti bayar wajib dilampirkan.", "The tariff follows {perda}; attach the receipt."),
    ("Retribusi dihitung petugas {agency} sesuai {perda} dan tercantum di SKRD.", "{agency} staff work the fee out under {perda}; it is shown on the assessment (SKRD)."),
];

/// The applicant's identity, the first requirement.
pub const IDENTITY: &[P] = &[
    (
        "KTP-el pemohon (asli dan fotokopi).",
        "The applicant's e-KTP (original and a copy).",
    ),
    (
        "Fotokopi KTP-el pemohon.",
        "A photocopy of the applicant's e-KTP.",
    ),
    (
        "KTP-el atau Identitas Kependudukan Digital (IKD) pemohon.",
        "The applicant's e-KTP or Digital ID (IKD).",
    ),
    (
        "NIK pemohon; KTP-el asli ditunjukkan di loket {agency}.",
        "The applicant's NIK; show the original e-KTP at the {agency} counter.",
    ),
    (
        "KTP-el pemohon yang berdomisili di {region}.",
        "The e-KTP of an applicant living in {region}.",
    ),
    (
        "Fotokopi KTP-el pemohon, 2 lembar, untuk berkas {obj}.",
        "Two photocopies of the applicant's e-KTP, for the {obj} file.",
    ),
];

/// Applying for someone else.
pub const PROXY: &[P] = &[
    (
        "Surat kuasa bermeterai bila diwakilkan, beserta KTP-el penerima kuasa.",
        "A signed authorisation with a duty stamp if someone applies for you, with their e-KTP.",
    ),
    (
        "Bila diwakilkan: surat kuasa dan KTP-el yang mewakili.",
        "If someone applies for you: your authorisation and their e-KTP.",
    ),
    (
        "Bila diurus orang lain: surat kuasa (contohnya di {site}) dan KTP-el penerima kuasa.",
        "If someone else applies: an authorisation (a model is on {site}) and their e-KTP.",
    ),
    (
        "Surat kuasa khusus untuk {obj} bila pemohon berhalangan.",
        "A specific authorisation for {obj} if the applicant cannot come.",
    ),
];

/// What an office asks for besides the template.
pub const LOCAL_EXTRAS: &[P] = &[
    (
        "Bukti lunas PBB tahun berjalan (ketentuan {region}).",
        "Proof that this year's property tax is paid ({region} rule).",
    ),
    (
        "Pas foto berwarna 3x4 sebanyak 2 lembar.",
        "Two colour 3x4 photos.",
    ),
    (
        "Surat pernyataan kebenaran data bermeterai.",
        "A signed statement that your details are true, with a duty stamp.",
    ),
    (
        "Map plastik warna {color} untuk berkas.",
        "A {color} plastic folder for the papers.",
    ),
    (
        "Nomor WhatsApp aktif untuk pemberitahuan.",
        "A working WhatsApp number for notifications.",
    ),
    (
        "Fotokopi akta kelahiran pemohon.",
        "A photocopy of the applicant's birth certificate.",
    ),
];

/// Folder colours (an office's habit).
pub const COLOURS: &[P] = &[
    ("merah", "red"),
    ("biru", "blue"),
    ("hijau", "green"),
    ("kuning", "yellow"),
    ("merah muda", "pink"),
];

/// Street names for addresses.
pub const STREETS: &[&str] = &[
    "Jenderal Sudirman",
    "Ahmad Yani",
    "Diponegoro",
    "Gatot Subroto",
    "Pahlawan",
    "Merdeka",
    "Veteran",
    "Pemuda",
    "Imam Bonjol",
    "Teuku Umar",
    "Raden Saleh",
    "Cut Nyak Dien",
    "Dr. Sutomo",
    "R.A. Kartini",
    "HOS Cokroaminoto",
    "Ki Hajar Dewantara",
    "Sisingamangaraja",
    "Sultan Hasanuddin",
    "Pattimura",
    "Ir. H. Juanda",
    "M.H. Thamrin",
    "W.R. Supratman",
    "Urip Sumoharjo",
    "Slamet Riyadi",
    "Basuki Rahmat",
    "Panglima Polim",
    "Yos Sudarso",
    "R.E. Martadinata",
    "Soekarno-Hatta",
    "Sultan Agung",
    "Wolter Monginsidi",
    "Kapten Tendean",
    "Pangeran Antasari",
    "Trikora",
    "Bhayangkara",
    "Lingkar Selatan",
    "Pramuka",
    "Kesehatan",
    "Pendidikan",
    "Perintis Kemerdekaan",
    "Sam Ratulangi",
    "Dewi Sartika",
    "Hayam Wuruk",
    "Gajah Mada",
    "Majapahit",
    "Adi Sucipto",
    "Letjen Suprapto",
    "Pierre Tendean",
];

/// The start of an office's own app's name.
pub const APP_HEADS: &[&str] = &["Si", "Sim", "E-", "Go", "Sapa", "Lapak ", "My"];

/// Its middle.
pub const APP_CORES: &[&str] = &[
    "Pandu", "Cantik", "Mantap", "Tepat", "Ramah", "Cepat", "Layan", "Pintar", "Tuntas", "Amanah",
    "Andal", "Lincah", "Jempol", "Sakti", "Gesit", "Prima", "Sahabat", "Berkah",
];

/// The titles of a form's sections: the applicant, the request, documents, contact.
pub const SECTION_TITLES: [&[P]; 4] = [
    &[
        ("Data pemohon", "About you"),
        ("Identitas pemohon", "Your identity"),
        ("Tentang Anda", "About you"),
    ],
    &[
        ("Rincian permohonan", "Application details"),
        ("Keterangan", "Details"),
        ("Data permohonan", "About your request"),
        ("Tentang {obj}", "About {obj}"),
    ],
    &[
        ("Dokumen", "Documents"),
        ("Unggah dokumen", "Upload documents"),
        ("Lampiran", "Attachments"),
        ("Dokumen untuk {obj}", "Documents for {obj}"),
    ],
    &[
        ("Kontak", "Contact details"),
        ("Cara menghubungi Anda", "How to reach you"),
    ],
];

/// How the result is received: the question.
pub const RECEIVE_LABELS: &[P] = &[
    (
        "Bagaimana Anda ingin menerima hasilnya?",
        "How would you like to receive the result?",
    ),
    (
        "Bagaimana {obj} diserahkan kepada Anda?",
        "How should {obj} reach you?",
    ),
    ("Cara pengambilan hasil", "How to get the result"),
];

/// Hints of the e-mail field.
pub const EMAIL_HINTS: &[P] = &[
    ("Tidak wajib diisi.", "Optional."),
    (
        "Bila diisi, salinan elektronik {obj} dikirim ke sini.",
        "If you give one, an electronic copy of {obj} is sent here.",
    ),
    ("Boleh dikosongkan.", "You can leave it empty."),
];

/// Hints of the NIK field.
pub const NIK_HINTS: &[P] = &[
    (
        "16 angka, tertera di KTP-el atau KK.",
        "16 digits, shown on your e-KTP or Family Card.",
    ),
    (
        "Nomor Induk Kependudukan, 16 angka.",
        "Your national identity number, 16 digits.",
    ),
    (
        "Lihat KTP-el Anda; tulis tanpa spasi.",
        "See your e-KTP; write it without spaces.",
    ),
    (
        "Petugas {agency} mencocokkannya dengan data kependudukan.",
        "{agency} staff check it against the population records.",
    ),
];

/// Hints of the name field.
pub const NAME_HINTS: &[P] = &[
    ("Tulis sesuai KTP-el.", "As written on your e-KTP."),
    (
        "Sesuai KK, tanpa gelar.",
        "As on your Family Card, without titles.",
    ),
    (
        "Nama lengkap tanpa singkatan.",
        "Your full name without abbreviations.",
    ),
    (
        "Nama ini dipakai pada {obj}.",
        "This name is used on {obj}.",
    ),
];

/// Hints of the address field.
pub const ADDRESS_HINTS: &[P] = &[
    (
        "Jalan dan nomor rumah, RT/RW, desa/kelurahan, kecamatan.",
        "Street and house number, RT/RW, village or ward, sub-district.",
    ),
    (
        "Sesuai KK; bila berbeda, tulis alamat tempat tinggal sekarang.",
        "As on your Family Card; if different, where you live now.",
    ),
    (
        "Alamat lengkap di {region}.",
        "Your full address in {region}.",
    ),
];

/// Hints of the phone field.
pub const PHONE_HINTS: &[P] = &[
    (
        "Petugas {agency} menghubungi Anda lewat nomor ini.",
        "{agency} staff will contact you on this number.",
    ),
    (
        "Nomor yang aktif di WhatsApp.",
        "A number that is on WhatsApp.",
    ),
    (
        "Kami mengirim kabar permohonan {obj} ke nomor ini.",
        "We send news of your application for {obj} to this number.",
    ),
    (
        "Bila {obj} sudah selesai, {agency} mengabari lewat nomor ini.",
        "{agency} tells you on this number when {obj} is ready.",
    ),
];

/// Hints of a photo field.
pub const FILE_HINTS: &[P] = &[
    (
        "Foto yang jelas, semua tepi terlihat.",
        "A clear photo with every edge visible.",
    ),
    (
        "Format JPG atau PDF, paling besar 2 MB.",
        "JPG or PDF, at most 2 MB.",
    ),
    (
        "Pastikan tulisan terbaca.",
        "Make sure the writing is readable.",
    ),
    (
        "Aslinya dibawa ke {agency} saat Anda datang.",
        "Bring the original to {agency} when you come.",
    ),
];

/// The payment step of a charged permit.
pub const PAY_STEPS: &[P] = &[
    (
        "Bayar retribusi sesuai SKRD lewat bank daerah atau QRIS.",
        "Pay the fee on the assessment (SKRD) at the regional bank or by QRIS.",
    ),
    (
        "Lunasi retribusi yang ditetapkan, lalu unggah bukti bayar.",
        "Pay the fee set, then upload the receipt.",
    ),
];

/// A sentence after the product, on how it is handed over.
pub const PRODUCT_TAILS: &[P] = &[
    (
        "Hasil layanan dapat diambil di {office} atau dikirim lewat pos.",
        "You can collect it at {office} or have it posted.",
    ),
    (
        "Salinan elektronik juga dikirim ke email Anda.",
        "An electronic copy is also emailed to you.",
    ),
    (
        "Hasilnya dapat dicek keasliannya lewat kode QR.",
        "Its authenticity can be checked with its QR code.",
    ),
];

/// How long a national service takes, with days.
pub const NATIONAL_DAYS: &[P] = &[
    (
        "Paling lama {days} hari kerja sejak permohonan lengkap dan PNBP dibayar.",
        "At most {days} working days from a complete application with the fee paid.",
    ),
    (
        "{days} hari kerja menurut standar pelayanan {agency}.",
        "{days} working days under {agency}'s service standard.",
    ),
];

/// How long a national service takes, without days.
pub const NATIONAL_OPEN: &[P] = &[
    (
        "Jangka waktu bergantung pada jenis permohonan; pantau statusnya di {online}.",
        "The time depends on the kind of application; follow its status in {online}.",
    ),
    (
        "Tidak ada jangka waktu baku; pemeriksaan substantif dapat memakan beberapa bulan.",
        "There is no fixed time; a substantive review can take several months.",
    ),
];

/// The office channel's place, for national agencies.
pub const NATIONAL_WHERE: &[P] = &[
    (
        "Alamat dan jam buka setiap kantor ada di {site}.",
        "Every office's address and hours are on {site}.",
    ),
    (
        "Datang dengan janji temu yang dibuat di {online}.",
        "Come with an appointment made in {online}.",
    ),
];

/// A document a family's services often ask for besides the template's.
pub fn family_reqs(f: Family) -> &'static [P] {
    match f {
        Family::Adminduk => &[
            ("Surat pernyataan tanggung jawab mutlak (SPTJM) bila ada data yang tidak dapat dibuktikan.", "A signed statement of responsibility (SPTJM) if some details cannot be proven."),
            ("Formulir biodata penduduk (F-1.01) bila data di database belum lengkap.", "The resident biodata form (F-1.01) if the database is incomplete."),
            ("Dokumen asli diperlihatkan kepada petugas untuk dicocokkan.", "Originals shown to the officer for checking."),
        ],
        Family::Izin => &[
            ("NPWP pemohon atau badan usaha.", "The applicant's or company's tax number (NPWP)."),
            ("Surat pernyataan kesanggupan memenuhi ketentuan izin, bermeterai.", "A signed undertaking to meet the permit's conditions, with a duty stamp."),
            ("Foto lokasi kegiatan dengan titik koordinat.", "A photo of the site with its coordinates."),
            ("Akta pendirian dan SK pengesahan bila pemohon badan usaha.", "The deed and approval if the applicant is a company."),
        ],
        Family::Pajak => &[
            ("Bukti pembayaran tahun sebelumnya.", "Last year's payment receipt."),
            ("Surat kuasa bila diurus konsultan pajak atau keluarga.", "An authorisation if a tax consultant or relative handles it."),
            ("NPWP bila ada.", "Your tax number (NPWP), if you have one."),
        ],
        Family::Sosial => &[
            ("Surat keterangan domisili bila alamat berbeda dengan KK.", "A residence letter if you live elsewhere than your Family Card says."),
            ("Foto rumah tampak depan.", "A photo of the front of your house."),
            ("Nomor rekening bank atas nama penerima, bila ada.", "A bank account in the recipient's name, if any."),
        ],
        Family::Surat => &[
            ("Bukti lunas iuran kebersihan atau keamanan lingkungan, di sebagian kelurahan.", "Proof that neighbourhood dues are paid, in some wards."),
            ("Fotokopi buku nikah bila sudah menikah.", "A copy of your marriage book, if married."),
            ("Dua orang saksi yang mengenal Anda, bila diminta.", "Two witnesses who know you, if asked."),
        ],
        Family::Teknis => &[
            ("Surat permohonan yang ditujukan kepada kepala dinas.", "A letter of application to the head of the office."),
            ("Fotokopi NPWP bila pemohon badan usaha.", "A copy of the tax number if the applicant is a company."),
            ("Dokumen pendukung lain yang diminta petugas.", "Other supporting documents the officer asks for."),
        ],
    }
}

/// A step some offices add: how to follow the request.
pub const TRACKING_STEPS: &[P] = &[
    (
        "Simpan tanda terima; nomor registrasinya dipakai untuk memantau status di {app}.",
        "Keep the receipt; its registration number lets you follow the status in {app}.",
    ),
    (
        "Pantau status permohonan lewat WhatsApp {wa} atau di {site}.",
        "Follow your application on WhatsApp {wa} or on {site}.",
    ),
    (
        "Bila belum selesai dalam jangka waktu layanan, tanyakan ke meja informasi {agency}.",
        "If it is not done within the service time, ask at the {agency} information desk.",
    ),
];

/// Clauses an office adds to the end of a step.
pub const STEP_CLAUSES: &[P] = &[
    (
        "; petugas siap membantu bila Anda kesulitan",
        "; staff will help if you get stuck",
    ),
    (" (lihat juga {site})", " (see also {site})"),
    (
        "; layanan ini bebas pungutan",
        "; no fees are charged for this",
    ),
    (
        ", sesuai standar pelayanan {agency}",
        ", under {agency}'s service standard",
    ),
    (
        " pada jam layanan: {hours}",
        " during opening hours: {hours}",
    ),
    (
        "; antrean prioritas tersedia bagi lansia dan penyandang disabilitas",
        "; older and disabled people may use the priority queue",
    ),
];

/// More documents national services ask for.
pub const NATIONAL_REQS: &[P] = &[
    (
        "Alamat email dan nomor HP yang aktif untuk akun.",
        "A working email address and mobile number for the account.",
    ),
    (
        "NPWP, atau NIK yang sudah dipadankan sebagai NPWP.",
        "A tax number (NPWP), or an NIK already matched as one.",
    ),
    (
        "Surat pernyataan kebenaran dokumen, bermeterai elektronik.",
        "A statement that the documents are true, with an electronic duty stamp.",
    ),
    (
        "Dokumen berbahasa asing disertai terjemahan oleh penerjemah tersumpah.",
        "Documents in a foreign language with a sworn translation.",
    ),
    (
        "Bukti pembayaran PNBP, bila dikenakan.",
        "Proof that the PNBP fee is paid, where one applies.",
    ),
];

/// More steps of national services: checking and being told.
pub const NATIONAL_MORE_STEPS: &[&[P]] = &[
    &[
        (
            "Tunggu verifikasi administrasi; statusnya tampil di dasbor akun Anda.",
            "Wait for the administrative check; its status shows on your account's dashboard.",
        ),
        (
            "Petugas memverifikasi dokumen dan dapat meminta perbaikan lewat email.",
            "Officers check the documents and may ask for corrections by email.",
        ),
        (
            "Jawab permintaan perbaikan paling lama 14 hari agar permohonan tidak gugur.",
            "Answer any request for corrections within 14 days or the application lapses.",
        ),
    ],
    &[
        (
            "Anda menerima notifikasi email dan SMS ketika keputusan terbit.",
            "You get an email and a text message when the decision is issued.",
        ),
        (
            "Keputusan ditandatangani secara elektronik dan dapat diverifikasi lewat kode QR.",
            "The decision is signed electronically and can be checked with its QR code.",
        ),
    ],
];

/// A second sentence for a national summary.
pub const NATIONAL_SUMMARY_TAILS: &[P] = &[
    (
        "Layanan ini berlaku di seluruh Indonesia.",
        "This service is the same across Indonesia.",
    ),
    (
        "Permohonan dapat diajukan dari mana saja, tanpa datang ke kantor.",
        "You can apply from anywhere, without going to an office.",
    ),
    (
        "Kantor wilayah membantu bila Anda kesulitan mengisi secara daring.",
        "Regional offices help if you have trouble applying online.",
    ),
];
