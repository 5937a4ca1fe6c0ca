//! National agencies beyond the seed's ten, and their services: each agency has subjects (a
//! kind of company, of land right, of product) and actions (set up, change, renew), and a
//! service is one action on one subject, in the agency's own words.

use super::templates::Fee;
use super::text::P;

/// What an action is done to.
#[derive(Clone, Copy, Debug)]
pub struct Subject {
    /// For slugs.
    pub slug: &'static str,
    /// Its name, with an article in English where sentences need one (`a trademark`).
    pub name: P,
    /// Search words.
    pub keywords: &'static [&'static str],
    /// A document this subject needs.
    pub req: P,
}

/// What the citizen asks for; `{subject}` in its texts is the subject's name.
#[derive(Clone, Copy, Debug)]
pub struct Action {
    /// For slugs.
    pub slug: &'static str,
    /// The service's name.
    pub name: P,
    /// Who it is for.
    pub who: P,
    /// What it is for.
    pub why: P,
    /// A document this action needs.
    pub req: P,
    /// What the citizen receives.
    pub product: P,
}

/// A national agency with its services.
#[derive(Clone, Copy, Debug)]
pub struct National {
    /// Its slug.
    pub slug: &'static str,
    /// Its short name.
    pub short: &'static str,
    /// Its full name.
    pub name: P,
    /// The body above it.
    pub parent: Option<P>,
    /// Its website.
    pub website: &'static str,
    /// Its call centre.
    pub phone: &'static str,
    /// Its offices, as a channel's name.
    pub office: P,
    /// Its online channel: name and address.
    pub online: (P, &'static str),
    /// The regulations its services rest on.
    pub law: &'static [&'static str],
    /// Its taxonomy category.
    pub category: &'static str,
    /// Its life events.
    pub events: &'static [&'static str],
    /// Its services' cost.
    pub fee: Fee,
    /// The working days its standard sets, `(0, 0)` for none.
    pub days: (u32, u32),
    /// Whether most of its services carry a form (official intake); else about a third do.
    pub forms: bool,
    /// The subjects.
    pub subjects: &'static [Subject],
    /// The actions.
    pub actions: &'static [Action],
}

const fn s(slug: &'static str, name: P, keywords: &'static [&'static str], req: P) -> Subject {
    Subject {
        slug,
        name,
        keywords,
        req,
    }
}

const fn a(slug: &'static str, name: P, who: P, why: P, req: P, product: P) -> Action {
    Action {
        slug,
        name,
        who,
        why,
        req,
        product,
    }
}

/// The national agencies, in the order the generator adds them.
pub const NATIONAL: &[National] = &[
    National {
        slug: "ahu",
        short: "Ditjen AHU",
        name: ("Direktorat Jenderal Administrasi Hukum Umum", "Directorate General of General Legal Administration (AHU)"),
        parent: Some(("Kementerian Hukum", "Ministry of Law")),
        website: "https://ahu.go.id",
        phone: "(021) 5202387",
        office: ("Kantor Wilayah Kementerian Hukum di provinsi Anda", "The Ministry of Law's regional office in your province"),
        online: (("AHU Online", "AHU Online"), "https://ahu.go.id"),
        law: &["UU 40/2007 s.t.d.d. UU 6/2023", "PP 8/2021", "Permenkumham 21/2021"],
        category: "usaha",
        events: &["memulai-usaha"],
        fee: Fee::Charge(("PNBP pengesahan", "Approval fee (PNBP)"), 50_000, 1_000_000),
        days: (1, 3),
        forms: true,
        subjects: &[
            s("pt-perorangan", ("PT perorangan", "a sole-owner company (PT perorangan)"), &["pt perorangan", "pt umk"], ("Pernyataan pendirian dalam format isian.", "The statement of establishment in the set form.")),
            s("pt", ("perseroan terbatas (PT)", "a limited company (PT)"), &["pt", "perseroan terbatas"], ("Akta notaris.", "The notarial deed.")),
            s("cv", ("persekutuan komanditer (CV)", "a limited partnership (CV)"), &["cv", "persekutuan komanditer"], ("Akta notaris.", "The notarial deed.")),
            s("firma", ("firma", "a firm"), &["firma", "fa"], ("Akta notaris.", "The notarial deed.")),
            s("persekutuan-perdata", ("persekutuan perdata", "a civil partnership"), &["persekutuan perdata", "maatschap"], ("Akta notaris.", "The notarial deed.")),
            s("yayasan", ("yayasan", "a foundation"), &["yayasan", "foundation"], ("Akta notaris dan daftar pembina, pengurus, dan pengawas.", "The notarial deed and the list of patrons, board and supervisors.")),
            s("perkumpulan", ("perkumpulan berbadan hukum", "an association"), &["perkumpulan", "ormas", "association"], ("Akta notaris dan anggaran dasar.", "The notarial deed and articles.")),
            s("koperasi", ("koperasi", "a cooperative"), &["koperasi", "cooperative"], ("Akta notaris dan berita acara rapat anggota.", "The notarial deed and the members' meeting minutes.")),
        ],
        actions: &[
            a("pendirian", ("Pendirian {subject}", "Setting up {subject}"), ("pendiri {subject}", "the founders of {subject}"), ("agar badan itu sah sebagai badan hukum atau terdaftar", "so that it is a legal entity or registered"), ("Nama yang sudah dipesan di AHU Online.", "A name reserved in AHU Online."), ("Surat keputusan pengesahan atau surat keterangan terdaftar.", "An approval decree or certificate of registration.")),
            a("perubahan", ("Perubahan data {subject}", "Changing the details of {subject}"), ("pengurus {subject}", "the managers of {subject}"), ("bila anggaran dasar, pengurus, atau alamat berubah", "when its articles, managers or address change"), ("Akta perubahan atau keputusan rapat.", "The deed of amendment or meeting resolution.")     , ("Persetujuan atau penerimaan pemberitahuan perubahan.", "An approval or acknowledgment of the change.")),
            a("pembubaran", ("Pembubaran {subject}", "Dissolving {subject}"), ("pengurus atau likuidator {subject}", "the managers or liquidator of {subject}"), ("agar badan itu dihapus dari daftar", "so that it is removed from the register"), ("Keputusan pembubaran dan laporan likuidasi.", "The dissolution resolution and liquidation report."), ("Pencatatan pembubaran dan pengumuman.", "A record of the dissolution and its notice.")),
        ],
    },
    National {
        slug: "djki",
        short: "DJKI",
        name: ("Direktorat Jenderal Kekayaan Intelektual", "Directorate General of Intellectual Property (DJKI)"),
        parent: Some(("Kementerian Hukum", "Ministry of Law")),
        website: "https://dgip.go.id",
        phone: "(021) 57905611",
        office: ("Kantor Wilayah Kementerian Hukum (loket kekayaan intelektual)", "The Ministry of Law's regional office (intellectual property desk)"),
        online: (("e-Hak Cipta, Merek, dan Paten DJKI", "DJKI online filing"), "https://e-layanan.dgip.go.id"),
        law: &["UU 20/2016", "UU 13/2016 s.t.d.d. UU 65/2024", "UU 28/2014", "PP 45/2016 s.t.d.d. PP 28/2019"],
        category: "usaha",
        events: &["memulai-usaha"],
        fee: Fee::Charge(("PNBP permohonan (UMKM)", "Filing fee (small businesses)"), 200_000, 1_800_000),
        days: (0, 0),
        forms: false,
        subjects: &[
            s("merek", ("merek", "a trademark"), &["merek", "haki", "trademark", "brand"], ("Label merek dan daftar barang atau jasa.", "The mark's label and the list of goods or services.")),
            s("paten", ("paten", "a patent"), &["paten", "invensi", "patent"], ("Deskripsi, klaim, abstrak, dan gambar invensi.", "The description, claims, abstract and drawings.")),
            s("paten-sederhana", ("paten sederhana", "a simple patent"), &["paten sederhana", "utility model"], ("Deskripsi dan klaim invensi.", "The description and claims.")),
            s("hak-cipta", ("hak cipta", "a copyright"), &["hak cipta", "copyright"], ("Contoh ciptaan.", "A sample of the work.")),
            s("desain-industri", ("desain industri", "an industrial design"), &["desain industri", "industrial design"], ("Gambar atau foto desain dari beberapa sisi.", "Drawings or photos of the design from several sides.")),
            s("indikasi-geografis", ("indikasi geografis", "a geographical indication"), &["indikasi geografis", "geographical indication"], ("Buku persyaratan indikasi geografis.", "The geographical indication's specification.")),
            s("dtlst", ("desain tata letak sirkuit terpadu", "an integrated circuit layout"), &["dtlst", "sirkuit terpadu", "circuit layout"], ("Gambar desain tata letak.", "Drawings of the layout.")),
        ],
        actions: &[
            a("permohonan", ("Permohonan {subject}", "Registering {subject}"), ("pencipta, inventor, pendesain, dan pemilik usaha", "creators, inventors, designers and business owners"), ("agar hak atas {subject} dilindungi", "so that the rights in it are protected"), ("Surat pernyataan kepemilikan.", "A statement of ownership."), ("Sertifikat atau surat pencatatan.", "A certificate or record of registration.")),
            a("pengalihan", ("Pencatatan pengalihan hak {subject}", "Recording a transfer of {subject}"), ("pemegang hak yang mengalihkan haknya", "right holders who transfer their rights"), ("agar pemilik baru tercatat", "so that the new owner is on record"), ("Dokumen pengalihan hak (jual beli, hibah, waris).", "The transfer document (sale, gift, inheritance)."), ("Pencatatan pengalihan dalam daftar umum.", "A record of the transfer in the public register.")),
            a("lisensi", ("Pencatatan lisensi {subject}", "Recording a licence of {subject}"), ("pemegang hak dan penerima lisensi", "right holders and licensees"), ("agar perjanjian lisensi berlaku terhadap pihak ketiga", "so that the licence binds third parties"), ("Perjanjian lisensi.", "The licence agreement."), ("Surat pencatatan perjanjian lisensi.", "A record of the licence agreement.")),
        ],
    },
    National {
        slug: "atr-bpn",
        short: "ATR/BPN",
        name: ("Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional", "Ministry of Agrarian Affairs and Spatial Planning/National Land Agency"),
        parent: None,
        website: "https://www.atrbpn.go.id",
        phone: "(021) 7393939",
        office: ("Kantor Pertanahan kabupaten/kota", "District or city land office"),
        online: (("Aplikasi Sentuh Tanahku", "Sentuh Tanahku app"), "https://www.atrbpn.go.id"),
        law: &["UU 5/1960", "PP 18/2021", "PP 24/1997", "PP 128/2015"],
        category: "bangunan-dan-tanah",
        events: &["pindah-rumah"],
        fee: Fee::Charge(("PNBP pelayanan pertanahan", "Land service fee (PNBP)"), 50_000, 2_000_000),
        days: (5, 98),
        forms: true,
        subjects: &[
            s("hak-milik", ("sertifikat hak milik", "a freehold title"), &["shm", "hak milik"], ("Sertifikat hak milik asli, bila sudah ada.", "The original freehold title, if there is one.")),
            s("hgb", ("sertifikat hak guna bangunan", "a building-rights title"), &["hgb", "hak guna bangunan"], ("Sertifikat HGB asli, bila sudah ada.", "The original HGB title, if there is one.")),
            s("hak-pakai", ("sertifikat hak pakai", "a right-of-use title"), &["hak pakai"], ("Sertifikat hak pakai asli, bila sudah ada.", "The original right-of-use title, if there is one.")),
            s("tanah-wakaf", ("sertifikat tanah wakaf", "an endowment (wakaf) land title"), &["wakaf", "tanah wakaf"], ("Akta ikrar wakaf dari KUA.", "The endowment deed from the KUA.")),
            s("sarusun", ("sertifikat hak milik satuan rumah susun", "a strata title"), &["sarusun", "apartemen", "rumah susun", "strata title"], ("Akta pemisahan rumah susun.", "The strata separation deed.")),
        ],
        actions: &[
            a("pendaftaran-pertama", ("Pendaftaran pertama {subject}", "First registration of {subject}"), ("pemilik tanah yang belum bersertifikat", "owners of land without a title"), ("agar tanah Anda mempunyai bukti hak yang kuat", "so that your land has strong proof of title"), ("Bukti penguasaan tanah (girik, letter C, atau keterangan desa).", "Proof of possession (girik, letter C or a village statement)."), ("Sertifikat tanah elektronik.", "An electronic land title.")),
            a("jual-beli", ("Peralihan {subject} karena jual beli", "Transferring {subject} after a sale"), ("pembeli tanah dan bangunan", "buyers of land and buildings"), ("agar sertifikat tercatat atas nama pembeli", "so that the title is in the buyer's name"), ("Akta jual beli dari PPAT dan bukti bayar BPHTB serta PPh.", "The deed of sale from the PPAT and proof of BPHTB and income tax paid."), ("Sertifikat atas nama pemilik baru.", "A title in the new owner's name.")),
            a("waris", ("Peralihan {subject} karena pewarisan", "Transferring {subject} by inheritance"), ("ahli waris", "heirs"), ("agar sertifikat tercatat atas nama ahli waris", "so that the title is in the heirs' names"), ("Surat keterangan ahli waris dan akta kematian.", "The statement of heirs and death certificate."), ("Sertifikat atas nama ahli waris.", "A title in the heirs' names.")),
            a("pengecekan", ("Pengecekan {subject}", "Checking {subject}"), ("pemilik, calon pembeli, dan PPAT", "owners, prospective buyers and PPATs"), ("untuk memastikan data sertifikat sesuai buku tanah", "to make sure the title matches the land register"), ("Sertifikat asli.", "The original title."), ("Catatan hasil pengecekan pada sertifikat.", "A check note on the title.")),
            a("pengganti-hilang", ("Penggantian {subject} yang hilang", "Replacing {subject} that was lost"), ("pemegang hak yang sertifikatnya hilang", "holders whose title was lost"), ("setelah pengumuman di surat kabar", "after a newspaper notice"), ("Surat keterangan kehilangan dari kepolisian dan sumpah di hadapan pejabat.", "A police loss report and an oath before an official."), ("Sertifikat pengganti.", "A replacement title.")),
            a("pemecahan", ("Pemecahan bidang {subject}", "Splitting the plot of {subject}"), ("pemegang hak yang membagi tanahnya", "holders dividing their land"), ("untuk dijual sebagian atau dibagi waris", "to sell part of it or divide it among heirs"), ("Gambar rencana pemecahan.", "A plan of the split."), ("Sertifikat baru untuk tiap bidang.", "A new title for each plot.")),
        ],
    },
    National {
        slug: "bpom",
        short: "BPOM",
        name: ("Badan Pengawas Obat dan Makanan", "Indonesian Food and Drug Authority (BPOM)"),
        parent: None,
        website: "https://www.pom.go.id",
        phone: "1500533",
        office: ("Balai Besar/Balai POM di provinsi Anda", "The BPOM office in your province"),
        online: (("e-Registration BPOM", "BPOM e-registration"), "https://e-reg.pom.go.id"),
        law: &["UU 17/2023", "PP 86/2019", "Perpres 80/2017", "PP 32/2017"],
        category: "usaha",
        events: &["memulai-usaha"],
        fee: Fee::Charge(("PNBP registrasi", "Registration fee (PNBP)"), 100_000, 3_000_000),
        days: (10, 120),
        forms: false,
        subjects: &[
            s("obat-tradisional", ("obat tradisional", "a traditional medicine"), &["jamu", "obat tradisional", "herbal"], ("Formula dan cara pembuatan.", "The formula and how it is made.")),
            s("kosmetika", ("kosmetika", "a cosmetic"), &["kosmetik", "notifikasi kosmetik", "cosmetics"], ("Dokumen informasi produk (DIP).", "The product information file.")),
            s("suplemen", ("suplemen kesehatan", "a health supplement"), &["suplemen", "vitamin", "supplement"], ("Komposisi dan hasil uji stabilitas.", "The composition and stability test results.")),
            s("pangan-md", ("pangan olahan dalam negeri (MD)", "a locally made processed food (MD)"), &["izin md", "bpom md", "pangan olahan"], ("Hasil uji laboratorium produk.", "Product lab test results.")),
            s("pangan-ml", ("pangan olahan impor (ML)", "an imported processed food (ML)"), &["izin ml", "pangan impor"], ("Surat penunjukan dari produsen luar negeri.", "The letter of appointment from the foreign maker.")),
            s("obat-kuasi", ("obat kuasi", "a quasi-drug"), &["obat kuasi", "quasi drug"], ("Formula dan penandaan.", "The formula and labelling.")),
            s("obat", ("obat", "a medicine"), &["registrasi obat", "izin edar obat", "medicine"], ("Dokumen mutu, keamanan, dan khasiat.", "The quality, safety and efficacy file.")),
        ],
        actions: &[
            a("registrasi-baru", ("Registrasi baru {subject}", "Registering {subject}"), ("produsen dan importir {subject}", "makers and importers of {subject}"), ("agar produk boleh diedarkan", "so that the product may be sold"), ("Sertifikat CPPOB, CPOTB, atau CPKB sarana produksi.", "The plant's good manufacturing practice certificate."), ("Nomor izin edar atau notifikasi.", "A marketing authorisation or notification number.")),
            a("registrasi-ulang", ("Registrasi ulang {subject}", "Renewing the registration of {subject}"), ("pemegang izin edar {subject}", "holders of a marketing authorisation for {subject}"), ("sebelum izin edar berakhir", "before the authorisation expires"), ("Izin edar yang akan berakhir.", "The expiring authorisation."), ("Izin edar yang diperpanjang.", "A renewed authorisation.")),
            a("variasi", ("Perubahan data (variasi) {subject}", "Changing the registration of {subject}"), ("pemegang izin edar yang mengubah label, kemasan, atau komposisi", "holders changing the label, pack or composition"), ("agar perubahan disetujui sebelum diedarkan", "so that the change is approved before sale"), ("Rancangan label atau kemasan baru.", "The new label or pack design."), ("Persetujuan perubahan.", "An approval of the change.")),
        ],
    },
    National {
        slug: "bpjph",
        short: "BPJPH",
        name: ("Badan Penyelenggara Jaminan Produk Halal", "Halal Product Assurance Agency (BPJPH)"),
        parent: None,
        website: "https://bpjph.halal.go.id",
        phone: "146",
        office: ("Satgas Layanan Halal di Kantor Wilayah Kementerian Agama", "The halal service desk at the Ministry of Religious Affairs' regional office"),
        online: (("SIHALAL", "SIHALAL"), "https://ptsp.halal.go.id"),
        law: &["UU 33/2014 s.t.d.d. UU 6/2023", "PP 42/2024"],
        category: "usaha",
        events: &["memulai-usaha"],
        fee: Fee::Charge(("Biaya sertifikasi halal reguler (usaha mikro dan kecil)", "Regular halal certification (micro and small businesses)"), 300_000, 650_000),
        days: (12, 21),
        forms: false,
        subjects: &[
            s("makanan", ("produk makanan", "a food product"), &["halal makanan", "food"], ("Daftar bahan dan pemasoknya.", "A list of ingredients and suppliers.")),
            s("minuman", ("produk minuman", "a drink"), &["halal minuman", "drink"], ("Daftar bahan dan pemasoknya.", "A list of ingredients and suppliers.")),
            s("obat-kosmetik", ("obat dan kosmetik", "a medicine or cosmetic"), &["halal kosmetik", "halal obat"], ("Daftar bahan dan sertifikat bahan kritis.", "Ingredient list and certificates for critical ingredients.")),
            s("barang-gunaan", ("barang gunaan", "a consumer article"), &["barang gunaan", "halal pakaian"], ("Daftar bahan baku.", "The raw materials list.")),
            s("penyembelihan", ("jasa penyembelihan", "a slaughtering service"), &["rph", "juru sembelih", "slaughterhouse"], ("Sertifikat juru sembelih halal.", "The halal slaughterer's certificate.")),
            s("restoran", ("restoran dan katering", "a restaurant or caterer"), &["halal restoran", "katering"], ("Daftar menu dan bahan.", "The menu and ingredients.")),
        ],
        actions: &[
            a("reguler", ("Sertifikasi halal reguler {subject}", "Halal certification of {subject}"), ("pelaku usaha {subject}", "businesses offering {subject}"), ("sebagai bukti kehalalan produk", "as proof that the product is halal"), ("Manual Sistem Jaminan Produk Halal.", "The halal assurance system manual."), ("Sertifikat halal elektronik.", "An electronic halal certificate.")),
            a("self-declare", ("Sertifikasi halal pernyataan mandiri (self-declare) {subject}", "Self-declared halal certification of {subject}"), ("usaha mikro dan kecil dengan bahan yang sudah pasti halal", "micro and small businesses using certainly halal ingredients"), ("dengan pendampingan Proses Produk Halal", "with a halal process assistant"), ("Pernyataan pelaku usaha dan hasil verifikasi pendamping.", "Your own declaration and the assistant's verification."), ("Sertifikat halal elektronik.", "An electronic halal certificate.")),
            a("pembaruan", ("Pembaruan sertifikat halal {subject}", "Renewing the halal certificate of {subject}"), ("pemegang sertifikat halal", "holders of a halal certificate"), ("bila komposisi atau proses berubah", "when the ingredients or process change"), ("Sertifikat halal lama.", "The old halal certificate."), ("Sertifikat halal yang diperbarui.", "An updated halal certificate.")),
            a("perubahan", ("Perubahan data sertifikat halal {subject}", "Changing the details on the halal certificate of {subject}"), ("pemegang sertifikat halal", "holders of a halal certificate"), ("bila nama atau alamat usaha berubah", "when the business name or address changes"), ("Bukti perubahan nama atau alamat.", "Proof of the new name or address."), ("Sertifikat halal dengan data baru.", "A halal certificate with the new details.")),
        ],
    },
    National {
        slug: "bea-cukai",
        short: "Bea Cukai",
        name: ("Direktorat Jenderal Bea dan Cukai", "Directorate General of Customs and Excise"),
        parent: Some(("Kementerian Keuangan", "Ministry of Finance")),
        website: "https://www.beacukai.go.id",
        phone: "1500225",
        office: ("Kantor Pengawasan dan Pelayanan Bea dan Cukai", "Customs and excise office"),
        online: (("Portal Pengguna Jasa Bea Cukai", "Customs user portal"), "https://portal.beacukai.go.id"),
        law: &["UU 10/1995 s.t.d.d. UU 17/2006", "UU 39/2007", "PMK 96/2023"],
        category: "perjalanan",
        events: &["bepergian-ke-luar-negeri"],
        fee: Fee::Tax(("Bea masuk dan pajak dalam rangka impor dihitung per barang; pembebasan sesuai PMK.", "Import duty and import taxes are worked out per item; exemptions follow the finance minister's rules.")),
        days: (0, 0),
        forms: true,
        subjects: &[
            s("barang-kiriman", ("barang kiriman", "a parcel from abroad"), &["barang kiriman", "paket luar negeri", "parcel"], ("Nomor resi dan invoice.", "The tracking number and invoice.")),
            s("barang-penumpang", ("barang bawaan penumpang", "passengers' goods"), &["barang penumpang", "e-cd", "customs declaration"], ("Customs declaration elektronik (e-CD).", "The electronic customs declaration (e-CD).")),
            s("barang-pindahan", ("barang pindahan", "household goods of a returning resident"), &["barang pindahan", "pindahan"], ("Surat keterangan pindah dari perwakilan RI.", "The moving letter from the Indonesian mission.")),
            s("impor-sementara", ("barang impor sementara", "a temporary import"), &["impor sementara", "ata carnet"], ("Jaminan dan daftar barang.", "A guarantee and list of goods.")),
            s("ekspor-umkm", ("ekspor barang UMKM", "a small business export"), &["ekspor umkm", "peb"], ("Invoice dan packing list.", "The invoice and packing list.")),
            s("nppbkc", ("NPPBKC (izin cukai)", "an excise business number (NPPBKC)"), &["nppbkc", "cukai", "izin pabrik rokok"], ("Denah lokasi usaha.", "A plan of the premises.")),
            s("barang-hibah", ("barang hibah", "donated goods"), &["hibah", "bantuan luar negeri"], ("Surat hibah dari pemberi.", "The donor's gift letter.")),
        ],
        actions: &[
            a("pemberitahuan", ("Pemberitahuan pabean {subject}", "Customs declaration for {subject}"), ("pemilik atau penerima {subject}", "owners or recipients of {subject}"), ("agar barang dapat dikeluarkan dari kawasan pabean", "so that the goods can be released"), ("Paspor atau KTP-el penerima.", "The recipient's passport or e-KTP."), ("Persetujuan pengeluaran barang (SPPB).", "A release approval (SPPB).")),
            a("keberatan", ("Keberatan atas penetapan {subject}", "Objecting to the assessment of {subject}"), ("penerima penetapan tarif atau nilai pabean", "those who received a tariff or value assessment"), ("bila penetapan dirasa tidak tepat", "when you think the assessment is wrong"), ("Surat penetapan dan bukti pendukung.", "The assessment and supporting evidence."), ("Keputusan atas keberatan.", "A decision on the objection.")),
            a("pengembalian", ("Pengembalian bea masuk {subject}", "Refund of duty on {subject}"), ("pembayar bea yang kelebihan bayar", "payers who paid too much"), ("bila bea masuk dibayar lebih", "when too much duty was paid"), ("Bukti pembayaran dan rekening tujuan.", "Proof of payment and a bank account."), ("Keputusan pengembalian dan transfer dana.", "A refund decision and transfer.")),
        ],
    },
    National {
        slug: "ojk",
        short: "OJK",
        name: ("Otoritas Jasa Keuangan", "Financial Services Authority (OJK)"),
        parent: None,
        website: "https://www.ojk.go.id",
        phone: "157",
        office: ("Kantor OJK di provinsi Anda", "The OJK office in your province"),
        online: (("Aplikasi Portal Pelindungan Konsumen (APPK)", "Consumer protection portal (APPK)"), "https://kontak157.ojk.go.id"),
        law: &["UU 21/2011", "UU 4/2023", "POJK 22/2023"],
        category: "surat-keterangan",
        events: &[],
        fee: Fee::Free("UU 21/2011"),
        days: (5, 20),
        forms: true,
        subjects: &[
            s("bank", ("bank", "a bank"), &["bank", "kredit"], ("Rekening koran atau perjanjian kredit.", "Bank statements or the loan agreement.")),
            s("asuransi", ("perusahaan asuransi", "an insurer"), &["asuransi", "klaim asuransi", "insurance"], ("Polis asuransi.", "The insurance policy.")),
            s("pembiayaan", ("perusahaan pembiayaan (leasing)", "a finance company (leasing)"), &["leasing", "kredit motor", "debt collector"], ("Perjanjian pembiayaan.", "The finance agreement.")),
            s("pindar", ("pinjaman daring (pindar)", "an online lender"), &["pinjol", "pindar", "pinjaman online"], ("Tangkapan layar aplikasi dan tagihan.", "Screenshots of the app and bills.")),
            s("pasar-modal", ("perusahaan efek", "a securities company"), &["saham", "sekuritas", "investasi"], ("Laporan rekening efek.", "Your securities account statement.")),
            s("dana-pensiun", ("dana pensiun", "a pension fund"), &["dana pensiun", "pension"], ("Bukti kepesertaan.", "Proof of membership.")),
            s("pergadaian", ("perusahaan pergadaian", "a pawnbroker"), &["gadai", "pawn"], ("Surat bukti gadai.", "The pawn ticket.")),
        ],
        actions: &[
            a("pengaduan", ("Pengaduan konsumen terhadap {subject}", "Complaining about {subject}"), ("konsumen yang dirugikan {subject}", "consumers harmed by {subject}"), ("setelah pengaduan ke lembaga itu tidak selesai", "after the firm itself did not resolve it"), ("Bukti pengaduan ke lembaga jasa keuangan.", "Proof of your complaint to the firm."), ("Tanggapan dan fasilitasi penyelesaian.", "A response and help to settle.")),
            a("informasi", ("Permintaan informasi debitur (SLIK) terkait {subject}", "Requesting your credit record (SLIK) about {subject}"), ("debitur dan calon debitur", "borrowers and prospective borrowers"), ("untuk melihat riwayat kredit Anda", "to see your credit history"), ("KTP-el dan NPWP.", "Your e-KTP and tax number."), ("Informasi debitur (iDeb).", "A credit report (iDeb).")),
            a("entitas-ilegal", ("Laporan {subject} ilegal", "Reporting an illegal {subject}"), ("warga yang ditawari layanan keuangan tanpa izin", "people offered unlicensed financial services"), ("agar Satgas PASTI menindaklanjuti", "so that the PASTI task force acts"), ("Bukti penawaran atau transaksi.", "Proof of the offer or transaction."), ("Tanda terima laporan.", "A report receipt.")),
        ],
    },
    National {
        slug: "kemnaker",
        short: "Kemnaker",
        name: ("Kementerian Ketenagakerjaan", "Ministry of Manpower"),
        parent: None,
        website: "https://kemnaker.go.id",
        phone: "1500630",
        office: ("Kantor Kementerian Ketenagakerjaan atau Disnaker setempat", "The Ministry of Manpower or your local manpower office"),
        online: (("SIAPkerja", "SIAPkerja"), "https://siapkerja.kemnaker.go.id"),
        law: &["UU 13/2003 s.t.d.d. UU 6/2023", "PP 34/2021", "PP 35/2021"],
        category: "pekerjaan",
        events: &["bekerja"],
        fee: Fee::Free("PP 34/2021"),
        days: (3, 14),
        forms: false,
        subjects: &[
            s("rptka", ("rencana penggunaan tenaga kerja asing (RPTKA)", "a foreign worker plan (RPTKA)"), &["rptka", "tka", "foreign worker"], ("Struktur organisasi dan data TKA.", "The organisation chart and foreign worker data.")),
            s("lpk", ("izin lembaga pelatihan kerja (LPK)", "a training institute licence (LPK)"), &["lpk", "lembaga pelatihan"], ("Kurikulum dan data instruktur.", "The curriculum and instructors.")),
            s("lptks", ("izin lembaga penempatan tenaga kerja swasta (LPTKS)", "a private job placement agency licence (LPTKS)"), &["lptks", "penyalur kerja"], ("Akta perusahaan dan modal disetor.", "The company deed and paid-up capital.")),
            s("ahli-k3", ("lisensi ahli K3", "a safety officer licence (K3)"), &["ahli k3", "k3", "safety"], ("Sertifikat pelatihan K3.", "The safety training certificate.")),
            s("pkb", ("perjanjian kerja bersama (PKB) lintas provinsi", "a collective agreement across provinces"), &["pkb", "perjanjian kerja bersama"], ("Naskah PKB yang ditandatangani.", "The signed agreement.")),
            s("lisensi-lsp", ("lisensi lembaga sertifikasi profesi", "a professional certification body licence"), &["lsp", "sertifikasi kompetensi"], ("Skema sertifikasi dan asesor.", "The certification scheme and assessors.")),
            s("pelatihan-vokasi", ("pelatihan vokasi di BBPVP", "vocational training at a BBPVP"), &["blk", "bbpvp", "pelatihan kerja"], ("Ijazah terakhir.", "Your latest diploma.")),
        ],
        actions: &[
            a("baru", ("Permohonan {subject}", "Applying for {subject}"), ("perusahaan, lembaga, dan tenaga kerja", "companies, institutions and workers"), ("sesuai ketentuan ketenagakerjaan", "as labour law requires"), ("Surat permohonan.", "A letter of application."), ("Pengesahan, izin, atau tanda peserta.", "An approval, licence or enrolment.")),
            a("perpanjangan", ("Perpanjangan {subject}", "Renewing {subject}"), ("pemegang pengesahan atau izin", "holders of the approval or licence"), ("sebelum masa berlakunya habis", "before it expires"), ("Pengesahan atau izin lama.", "The old approval or licence."), ("Pengesahan atau izin yang diperpanjang.", "A renewed approval or licence.")),
            a("perubahan", ("Perubahan {subject}", "Changing {subject}"), ("pemegang pengesahan atau izin", "holders of the approval or licence"), ("bila data atau jabatan berubah", "when details or positions change"), ("Bukti perubahan.", "Proof of the change."), ("Pengesahan atau izin yang diubah.", "An amended approval or licence.")),
        ],
    },
    National {
        slug: "bp2mi",
        short: "KP2MI/BP2MI",
        name: ("Kementerian Pelindungan Pekerja Migran Indonesia/BP2MI", "Ministry for the Protection of Indonesian Migrant Workers/BP2MI"),
        parent: None,
        website: "https://bp2mi.go.id",
        phone: "08001000",
        office: ("Balai Pelayanan Pelindungan Pekerja Migran Indonesia (BP3MI) atau LTSA", "The migrant worker protection office (BP3MI) or one-stop centre (LTSA)"),
        online: (("SISKOP2MI", "SISKOP2MI"), "https://siskop2mi.bp2mi.go.id"),
        law: &["UU 18/2017", "PP 59/2021"],
        category: "pekerjaan",
        events: &["bekerja", "bepergian-ke-luar-negeri"],
        fee: Fee::Free("UU 18/2017 Pasal 30"),
        days: (0, 0),
        forms: true,
        subjects: &[
            s("formal", ("pekerja migran sektor formal", "migrant workers in formal jobs"), &["tki", "pmi", "kerja luar negeri"], ("Perjanjian kerja.", "The employment contract.")),
            s("domestik", ("pekerja migran sektor domestik", "domestic migrant workers"), &["art luar negeri", "pmi domestik"], ("Surat izin keluarga.", "Your family's consent.")),
            s("awak-kapal", ("awak kapal perikanan migran", "migrant fishing crew"), &["abk", "awak kapal"], ("Buku pelaut.", "The seafarer's book.")),
            s("g-to-g", ("program penempatan G to G (Korea, Jepang)", "government-to-government placements (Korea, Japan)"), &["eps korea", "g to g", "magang jepang"], ("Sertifikat bahasa.", "A language certificate.")),
        ],
        actions: &[
            a("pendaftaran", ("Pendaftaran calon {subject}", "Registering as {subject}"), ("calon pekerja migran", "prospective migrant workers"), ("agar penempatan resmi dan terlindungi", "so that the placement is legal and protected"), ("KTP-el, KK, dan akta kelahiran.", "Your e-KTP, Family Card and birth certificate."), ("Kartu pekerja migran terdaftar (ID SISKOP2MI).", "A registered migrant worker ID.")),
            a("verifikasi", ("Verifikasi dokumen dan e-PMI {subject}", "Document checks and e-PMI card for {subject}"), ("calon pekerja migran yang sudah punya perjanjian kerja", "prospective migrant workers with a contract"), ("sebelum berangkat", "before departure"), ("Paspor dan visa kerja.", "Your passport and work visa."), ("Kartu e-PMI.", "An e-PMI card.")),
            a("pengaduan", ("Pengaduan dan pemulangan {subject}", "Complaints and repatriation for {subject}"), ("pekerja migran dan keluarganya", "migrant workers and their families"), ("bila hak tidak dipenuhi atau ada masalah di negara penempatan", "when rights are denied or problems arise abroad"), ("Kronologi dan bukti.", "An account of events and evidence."), ("Penanganan kasus dan laporan perkembangannya.", "Case handling and progress reports.")),
            a("purna", ("Pemberdayaan purna {subject}", "Support after return for {subject}"), ("pekerja migran yang sudah pulang", "returned migrant workers"), ("untuk pelatihan usaha dan akses modal", "for business training and finance"), ("Bukti kepulangan.", "Proof of return."), ("Keikutsertaan dalam program pemberdayaan.", "A place in the support programme.")),
            a("pelatihan", ("Orientasi pra-pemberangkatan {subject}", "Pre-departure orientation for {subject}"), ("calon pekerja migran", "prospective migrant workers"), ("untuk mengenal hak, kewajiban, dan budaya negara tujuan", "to learn your rights, duties and the destination's culture"), ("Surat panggilan orientasi.", "The orientation invitation."), ("Sertifikat orientasi pra-pemberangkatan.", "A pre-departure orientation certificate.")),
        ],
    },
    National {
        slug: "kemendikdasmen",
        short: "Kemendikdasmen",
        name: ("Kementerian Pendidikan Dasar dan Menengah", "Ministry of Primary and Secondary Education"),
        parent: None,
        website: "https://www.kemendikdasmen.go.id",
        phone: "177",
        office: ("Unit Layanan Terpadu Kemendikdasmen atau Dinas Pendidikan setempat", "The ministry's integrated service unit or your local education office"),
        online: (("Unit Layanan Terpadu (ULT) daring", "Online integrated service unit (ULT)"), "https://ult.kemendikdasmen.go.id"),
        law: &["UU 20/2003", "Permendikbudristek 50/2020"],
        category: "pendidikan",
        events: &[],
        fee: Fee::Free("UU 20/2003"),
        days: (3, 14),
        forms: true,
        subjects: &[
            s("penyetaraan-ijazah", ("penyetaraan ijazah luar negeri", "recognition of a foreign school certificate"), &["penyetaraan ijazah", "ijazah luar negeri"], ("Ijazah dan transkrip luar negeri.", "The foreign certificate and transcript.")),
            s("pip", ("Program Indonesia Pintar (PIP)", "the Smart Indonesia Programme (PIP)"), &["pip", "kip", "beasiswa sekolah"], ("Kartu Indonesia Pintar atau data DTSEN.", "The KIP card or DTSEN record.")),
            s("nisn", ("NISN", "the national pupil number (NISN)"), &["nisn", "data siswa"], ("Rapor dan akta kelahiran.", "The report book and birth certificate.")),
            s("npsn", ("NPSN", "the national school number (NPSN)"), &["npsn", "data sekolah"], ("Izin operasional sekolah.", "The school's operating licence.")),
            s("ppg", ("Pendidikan Profesi Guru (PPG)", "teacher professional education (PPG)"), &["ppg", "sertifikasi guru"], ("Ijazah S1 dan data Dapodik.", "A degree and the teacher database record.")),
            s("tunjangan-profesi", ("tunjangan profesi guru", "the teacher professional allowance"), &["tpg", "tunjangan guru"], ("Sertifikat pendidik.", "The teaching certificate.")),
            s("kesetaraan", ("ijazah pendidikan kesetaraan (Paket A, B, C)", "an equivalency diploma (Paket A, B, C)"), &["paket c", "paket b", "kejar paket"], ("Rapor pendidikan kesetaraan.", "The equivalency report book.")),
            s("akreditasi", ("akreditasi sekolah", "school accreditation"), &["akreditasi", "ban-pdm"], ("Data Dapodik sekolah.", "The school's database record.")),
        ],
        actions: &[
            a("permohonan", ("Layanan {subject}", "Applying for {subject}"), ("siswa, orang tua, guru, dan sekolah", "pupils, parents, teachers and schools"), ("sesuai ketentuan pendidikan", "as education rules provide"), ("Surat permohonan atau formulir daring.", "A letter or the online form."), ("Keputusan, sertifikat, atau data yang diperbarui.", "A decision, certificate or updated record.")),
            a("pengaduan", ("Pengaduan {subject}", "Complaints about {subject}"), ("siswa, orang tua, guru, dan sekolah", "pupils, parents, teachers and schools"), ("bila layanan tidak sesuai", "when the service falls short"), ("Bukti dan kronologi.", "Evidence and an account of events."), ("Tanggapan dan tindak lanjut.", "A response and follow-up.")),
            a("status", ("Cek status {subject}", "Checking the status of {subject}"), ("siswa, orang tua, guru, dan sekolah", "pupils, parents, teachers and schools"), ("untuk mengetahui tahap proses", "to see where the process stands"), ("NIK, NISN, atau NUPTK.", "Your NIK, NISN or teacher number."), ("Informasi status terkini.", "The current status.")),
        ],
    },
    National {
        slug: "kemensos",
        short: "Kemensos",
        name: ("Kementerian Sosial", "Ministry of Social Affairs"),
        parent: None,
        website: "https://kemensos.go.id",
        phone: "171",
        office: ("Dinas Sosial kabupaten/kota atau kantor desa/kelurahan", "District or city social affairs office, or your village or ward office"),
        online: (("Aplikasi Cek Bansos", "Cek Bansos app"), "https://cekbansos.kemensos.go.id"),
        law: &["UU 11/2009", "UU 13/2011", "Inpres 4/2025"],
        category: "kesehatan-dan-jaminan-sosial",
        events: &[],
        fee: Fee::Free("UU 13/2011"),
        days: (0, 0),
        forms: true,
        subjects: &[
            s("pkh", ("Program Keluarga Harapan (PKH)", "the family hope programme (PKH)"), &["pkh"], ("Bukti anggota keluarga yang memenuhi syarat.", "Proof of an eligible family member.")),
            s("sembako", ("bantuan sembako (BPNT)", "food assistance (BPNT)"), &["bpnt", "sembako"], ("Kartu Keluarga Sejahtera bila ada.", "The family welfare card, if any.")),
            s("pbi-jk", ("PBI Jaminan Kesehatan", "subsidised health insurance (PBI JK)"), &["pbi", "kis"], ("Kartu KIS bila ada.", "The KIS card, if any.")),
            s("atensi", ("Asistensi Rehabilitasi Sosial (ATENSI)", "social rehabilitation assistance (ATENSI)"), &["atensi", "rehabilitasi sosial"], ("Rujukan Dinas Sosial.", "A referral from the social affairs office.")),
            s("bencana", ("bantuan korban bencana", "disaster relief"), &["bantuan bencana", "korban bencana"], ("Surat keterangan korban dari desa.", "A village letter confirming you were affected.")),
            s("yapi", ("bantuan anak yatim piatu (YAPI)", "orphan support (YAPI)"), &["yatim piatu", "yapi"], ("Akta kematian orang tua.", "The parents' death certificates.")),
            s("lansia", ("asistensi sosial lanjut usia", "support for older people"), &["lansia", "bantuan lansia"], ("KTP-el lansia.", "The older person's e-KTP.")),
        ],
        actions: &[
            a("cek", ("Cek status penerima {subject}", "Checking whether you receive {subject}"), ("keluarga yang ingin tahu status bantuannya", "families who want to know their status"), ("dengan nama dan wilayah sesuai KTP-el", "by name and area as on the e-KTP"), ("Nama lengkap dan wilayah sesuai KTP-el.", "Your full name and area as on the e-KTP."), ("Informasi status dan periode penyaluran.", "Your status and payment period.")),
            a("usul-sanggah", ("Usul dan sanggah penerima {subject}", "Proposing or objecting to recipients of {subject}"), ("warga yang layak tetapi belum menerima, atau yang melihat penerima tidak layak", "people who qualify but do not receive it, or who see ineligible recipients"), ("lewat fitur usul dan sanggah", "through the propose-and-object feature"), ("Foto KTP-el dan rumah.", "Photos of the e-KTP and house."), ("Usulan yang diverifikasi dinas sosial.", "A proposal checked by the social affairs office.")),
            a("pengaduan", ("Pengaduan {subject}", "Complaints about {subject}"), ("penerima dan masyarakat", "recipients and the public"), ("bila bantuan tidak diterima atau dipotong", "when aid is not received or is cut"), ("Kronologi dan bukti.", "An account of events and evidence."), ("Tanggapan dan tindak lanjut.", "A response and follow-up.")),
        ],
    },
    National {
        slug: "kemenhub",
        short: "Kemenhub",
        name: ("Kementerian Perhubungan", "Ministry of Transportation"),
        parent: None,
        website: "https://dephub.go.id",
        phone: "151",
        office: ("Kantor Unit Penyelenggara Pelabuhan, KSOP, atau Kantor Otoritas Bandar Udara", "The port authority office or airport authority office"),
        online: (("INAPORTNET dan SIMPEL", "INAPORTNET and SIMPEL"), "https://inaportnet.dephub.go.id"),
        law: &["UU 17/2008", "UU 1/2009", "PP 15/2016"],
        category: "kendaraan-dan-sim",
        events: &["bekerja"],
        fee: Fee::Charge(("PNBP dokumen", "Document fee (PNBP)"), 25_000, 750_000),
        days: (1, 14),
        forms: false,
        subjects: &[
            s("pas-kecil", ("pas kecil kapal", "a small vessel pass"), &["pas kecil", "surat kapal"], ("Surat ukur kapal.", "The vessel's tonnage certificate.")),
            s("buku-pelaut", ("buku pelaut", "a seafarer's book"), &["buku pelaut", "seaman book"], ("Sertifikat keterampilan dasar (BST).", "The basic safety training certificate.")),
            s("coc", ("sertifikat keahlian pelaut", "a seafarer's certificate of competency"), &["coc", "ant", "att"], ("Ijazah pelayaran dan masa layar.", "The maritime diploma and sea time.")),
            s("drone", ("izin pengoperasian drone", "a drone operating permit"), &["drone", "pesawat tanpa awak"], ("Data drone dan asuransi.", "The drone's details and insurance.")),
            s("lisensi-penerbangan", ("lisensi personel penerbangan", "an aviation personnel licence"), &["lisensi pilot", "atc", "lisensi penerbangan"], ("Sertifikat medis.", "The medical certificate.")),
            s("akap", ("izin angkutan antarkota antarprovinsi (AKAP)", "an interprovincial bus permit (AKAP)"), &["akap", "bus"], ("Kartu uji kendaraan.", "The vehicles' test cards.")),
            s("srut", ("sertifikat registrasi uji tipe (SRUT)", "a type-approval registration certificate (SRUT)"), &["srut", "uji tipe", "karoseri"], ("Sertifikat uji tipe.", "The type-approval certificate.")),
        ],
        actions: &[
            a("baru", ("Penerbitan {subject}", "Getting {subject}"), ("pemilik, operator, dan awak", "owners, operators and crew"), ("agar sah berlayar, terbang, atau beroperasi", "so that you may sail, fly or operate legally"), ("KTP-el dan surat permohonan.", "Your e-KTP and a letter of application."), ("Dokumen atau sertifikat yang diterbitkan.", "The document or certificate.")),
            a("perpanjangan", ("Perpanjangan {subject}", "Renewing {subject}"), ("pemegang dokumen", "document holders"), ("sebelum masa berlaku habis", "before it expires"), ("Dokumen lama.", "The old document."), ("Dokumen yang diperpanjang.", "The renewed document.")),
            a("penggantian", ("Penggantian {subject} yang hilang atau rusak", "Replacing {subject} that was lost or damaged"), ("pemegang dokumen", "document holders"), ("bila dokumen hilang atau rusak", "when it is lost or damaged"), ("Surat keterangan kehilangan dari kepolisian.", "A police loss report."), ("Dokumen pengganti.", "A replacement document.")),
        ],
    },
    National {
        slug: "barantin",
        short: "Barantin",
        name: ("Badan Karantina Indonesia", "Indonesian Quarantine Agency (Barantin)"),
        parent: None,
        website: "https://karantinaindonesia.go.id",
        phone: "(021) 7816480",
        office: ("Balai Besar/Balai Karantina Hewan, Ikan, dan Tumbuhan", "The animal, fish and plant quarantine office"),
        online: (("Best Trust", "Best Trust"), "https://ppk.karantinaindonesia.go.id"),
        law: &["UU 21/2019", "PP 29/2023"],
        category: "perjalanan",
        events: &["bepergian-ke-luar-negeri"],
        fee: Fee::Charge(("PNBP tindakan karantina", "Quarantine fee (PNBP)"), 5_000, 500_000),
        days: (1, 3),
        forms: false,
        subjects: &[
            s("hewan", ("hewan ternak", "livestock"), &["karantina hewan", "ternak"], ("Surat keterangan kesehatan hewan.", "The animal health certificate.")),
            s("produk-hewan", ("produk hewan", "animal products"), &["daging", "produk hewan"], ("Sertifikat NKV.", "The veterinary control number certificate.")),
            s("ikan", ("ikan dan produk perikanan", "fish and fish products"), &["karantina ikan", "ikan hias"], ("Hasil uji laboratorium.", "Lab test results.")),
            s("tumbuhan", ("tumbuhan dan produk tumbuhan", "plants and plant products"), &["karantina tumbuhan", "tanaman"], ("Phytosanitary certificate negara asal bila impor.", "The exporting country's phytosanitary certificate, for imports.")),
            s("benih", ("benih", "seeds"), &["benih", "bibit"], ("Sertifikat mutu benih.", "The seed quality certificate.")),
            s("hewan-kesayangan", ("hewan kesayangan", "pets"), &["kucing", "anjing", "pet"], ("Buku vaksin dan microchip.", "The vaccination record and microchip.")),
        ],
        actions: &[
            a("ekspor", ("Sertifikat karantina ekspor {subject}", "Quarantine certificate for exporting {subject}"), ("eksportir dan pemilik {subject}", "exporters and owners of {subject}"), ("sesuai syarat negara tujuan", "as the destination country requires"), ("Invoice dan packing list.", "The invoice and packing list."), ("Sertifikat kesehatan karantina.", "A quarantine health certificate.")),
            a("impor", ("Tindakan karantina impor {subject}", "Quarantine clearance for importing {subject}"), ("importir dan penerima {subject}", "importers and recipients of {subject}"), ("sebelum barang dikeluarkan dari pelabuhan atau bandara", "before release from the port or airport"), ("Izin pemasukan dari kementerian teknis.", "The import permit from the ministry concerned."), ("Sertifikat pelepasan karantina.", "A quarantine release certificate.")),
            a("antar-area", ("Sertifikat karantina antararea {subject}", "Quarantine certificate for moving {subject} between islands"), ("pengirim {subject} antarpulau", "people shipping {subject} between islands"), ("agar hama dan penyakit tidak menyebar", "so that pests and diseases do not spread"), ("Surat keterangan asal.", "A certificate of origin."), ("Sertifikat karantina domestik.", "A domestic quarantine certificate.")),
        ],
    },
    National {
        slug: "taspen",
        short: "Taspen",
        name: ("PT Taspen (Persero)", "PT Taspen (civil servants' pension fund)"),
        parent: None,
        website: "https://www.taspen.co.id",
        phone: "1500919",
        office: ("Kantor Cabang Taspen", "Taspen branch office"),
        online: (("Aplikasi Andalan Taspen", "Andalan Taspen app"), "https://www.taspen.co.id"),
        law: &["UU 11/1969", "PP 25/1981", "PP 70/2015"],
        category: "kesehatan-dan-jaminan-sosial",
        events: &["kehilangan-anggota-keluarga"],
        fee: Fee::Free("PP 25/1981"),
        days: (1, 5),
        forms: true,
        subjects: &[
            s("pensiun-asn", ("pensiun ASN", "a civil servant's pension"), &["pensiun pns", "pensiun asn"], ("SK pensiun.", "The pension decree.")),
            s("tht", ("Tabungan Hari Tua (THT)", "the old-age savings (THT)"), &["tht", "tabungan hari tua"], ("SK pemberhentian.", "The discharge decree.")),
            s("janda-duda", ("pensiun janda atau duda", "a widow's or widower's pension"), &["pensiun janda", "pensiun duda"], ("Akta kematian pasangan dan akta nikah.", "The spouse's death certificate and marriage certificate.")),
            s("anak-yatim", ("pensiun anak yatim", "an orphan's pension"), &["pensiun anak", "yatim"], ("Akta kelahiran anak dan akta kematian orang tua.", "The child's birth certificate and parent's death certificate.")),
            s("jkm", ("Jaminan Kematian ASN", "the civil servants' death benefit"), &["jaminan kematian", "jkm"], ("Akta kematian.", "The death certificate.")),
            s("jkk", ("Jaminan Kecelakaan Kerja ASN", "the civil servants' work accident benefit"), &["jkk", "kecelakaan kerja"], ("Laporan kecelakaan dari instansi.", "The accident report from the employer.")),
        ],
        actions: &[
            a("klaim", ("Klaim {subject}", "Claiming {subject}"), ("peserta dan ahli waris", "members and heirs"), ("agar manfaat dibayarkan", "so that the benefit is paid"), ("KTP-el dan buku rekening.", "Your e-KTP and bank book."), ("Pembayaran manfaat ke rekening.", "The benefit paid into your account.")),
            a("otentikasi", ("Otentikasi dan perubahan data {subject}", "Identity check and changes for {subject}"), ("penerima manfaat", "beneficiaries"), ("agar pembayaran bulanan berlanjut", "so that monthly payments continue"), ("Foto wajah lewat aplikasi.", "A face photo through the app."), ("Data penerima yang diperbarui.", "Updated beneficiary records.")),
            a("pengaduan", ("Pengaduan {subject}", "Complaints about {subject}"), ("peserta dan ahli waris", "members and heirs"), ("bila pembayaran terlambat atau salah", "when payments are late or wrong"), ("Bukti dan kronologi.", "Evidence and an account of events."), ("Tanggapan dan perbaikan.", "A response and correction.")),
        ],
    },
];
