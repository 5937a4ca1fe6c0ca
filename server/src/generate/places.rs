//! The 38 provinces (Kepmendagri codes, a NIK's first two digits, as `domain::form` checks
//! them), their rough population and some of their regencies and cities, the seat first.

/// A province.
#[derive(Debug)]
pub struct Province {
    /// Its two-digit code.
    pub code: &'static str,
    /// Its name in Bahasa Indonesia.
    pub name: &'static str,
    /// Its name in English.
    pub en: &'static str,
    /// Population, in hundred thousands (about 2023): the weight its offices are spread by.
    pub people: u32,
    /// Regencies (`Kab …`), cities (`Kota …`) and Jakarta's administrative ones (`Adm …`,
    /// `AdmKab …`); the provincial seat first.
    pub regions: &'static [&'static str],
}

const fn p(
    code: &'static str,
    name: &'static str,
    en: &'static str,
    people: u32,
    regions: &'static [&'static str],
) -> Province {
    Province {
        code,
        name,
        en,
        people,
        regions,
    }
}

/// Every province, by code.
#[rustfmt::skip]
pub const PROVINCES: &[Province] = &[
    p("11", "Aceh", "Aceh", 54, &["Kota Banda Aceh", "Kab Aceh Besar", "Kab Pidie", "Kab Aceh Utara", "Kota Lhokseumawe", "Kab Bireuen", "Kab Aceh Timur", "Kota Langsa", "Kab Aceh Barat", "Kab Aceh Tengah", "Kota Sabang", "Kab Aceh Selatan"]),
    p("12", "Sumatera Utara", "North Sumatra", 151, &["Kota Medan", "Kab Deli Serdang", "Kota Binjai", "Kab Langkat", "Kab Simalungun", "Kota Pematangsiantar", "Kab Asahan", "Kab Karo", "Kab Toba", "Kab Labuhanbatu", "Kota Tebing Tinggi", "Kab Serdang Bedagai", "Kota Sibolga", "Kab Tapanuli Utara", "Kab Nias"]),
    p("13", "Sumatera Barat", "West Sumatra", 56, &["Kota Padang", "Kota Bukittinggi", "Kab Agam", "Kab Padang Pariaman", "Kab Tanah Datar", "Kota Payakumbuh", "Kab Pesisir Selatan", "Kab Solok", "Kota Sawahlunto", "Kab Pasaman"]),
    p("14", "Riau", "Riau", 66, &["Kota Pekanbaru", "Kota Dumai", "Kab Kampar", "Kab Bengkalis", "Kab Siak", "Kab Indragiri Hilir", "Kab Indragiri Hulu", "Kab Pelalawan", "Kab Rokan Hulu", "Kab Kuantan Singingi"]),
    p("15", "Jambi", "Jambi", 36, &["Kota Jambi", "Kab Muaro Jambi", "Kab Batanghari", "Kab Bungo", "Kab Merangin", "Kab Kerinci", "Kota Sungai Penuh", "Kab Tanjung Jabung Barat"]),
    p("16", "Sumatera Selatan", "South Sumatra", 87, &["Kota Palembang", "Kab Banyuasin", "Kab Ogan Ilir", "Kab Ogan Komering Ilir", "Kab Ogan Komering Ulu", "Kota Prabumulih", "Kab Muara Enim", "Kota Lubuklinggau", "Kab Lahat", "Kota Pagar Alam", "Kab Musi Banyuasin"]),
    p("17", "Bengkulu", "Bengkulu", 21, &["Kota Bengkulu", "Kab Bengkulu Utara", "Kab Rejang Lebong", "Kab Seluma", "Kab Kepahiang", "Kab Mukomuko"]),
    p("18", "Lampung", "Lampung", 92, &["Kota Bandar Lampung", "Kota Metro", "Kab Lampung Selatan", "Kab Lampung Tengah", "Kab Lampung Timur", "Kab Pringsewu", "Kab Pesawaran", "Kab Tanggamus", "Kab Lampung Utara", "Kab Way Kanan", "Kab Tulang Bawang"]),
    p("19", "Kepulauan Bangka Belitung", "Bangka Belitung Islands", 15, &["Kota Pangkalpinang", "Kab Bangka", "Kab Bangka Tengah", "Kab Bangka Barat", "Kab Belitung", "Kab Belitung Timur", "Kab Bangka Selatan"]),
    p("21", "Kepulauan Riau", "Riau Islands", 21, &["Kota Tanjungpinang", "Kota Batam", "Kab Bintan", "Kab Karimun", "Kab Lingga", "Kab Natuna", "Kab Kepulauan Anambas"]),
    p("31", "DKI Jakarta", "Jakarta", 107, &["Adm Jakarta Pusat", "Adm Jakarta Utara", "Adm Jakarta Barat", "Adm Jakarta Selatan", "Adm Jakarta Timur", "AdmKab Kepulauan Seribu"]),
    p("32", "Jawa Barat", "West Java", 499, &["Kota Bandung", "Kab Bandung", "Kab Bandung Barat", "Kota Cimahi", "Kab Bogor", "Kota Bogor", "Kota Depok", "Kab Bekasi", "Kota Bekasi", "Kab Karawang", "Kab Purwakarta", "Kab Subang", "Kab Sumedang", "Kab Garut", "Kab Tasikmalaya", "Kota Tasikmalaya", "Kab Ciamis", "Kota Banjar", "Kab Pangandaran", "Kab Cianjur", "Kab Sukabumi", "Kota Sukabumi", "Kab Cirebon", "Kota Cirebon", "Kab Kuningan", "Kab Majalengka", "Kab Indramayu"]),
    p("33", "Jawa Tengah", "Central Java", 375, &["Kota Semarang", "Kab Semarang", "Kab Kendal", "Kab Demak", "Kab Kudus", "Kab Jepara", "Kab Pati", "Kab Rembang", "Kab Blora", "Kab Grobogan", "Kota Surakarta", "Kab Sukoharjo", "Kab Karanganyar", "Kab Sragen", "Kab Boyolali", "Kab Klaten", "Kab Wonogiri", "Kota Magelang", "Kab Magelang", "Kab Temanggung", "Kab Wonosobo", "Kab Purworejo", "Kab Kebumen", "Kab Banyumas", "Kab Cilacap", "Kab Purbalingga", "Kab Banjarnegara", "Kota Tegal", "Kab Tegal", "Kab Brebes", "Kota Pekalongan", "Kab Pekalongan", "Kab Batang", "Kab Pemalang", "Kota Salatiga"]),
    p("34", "DI Yogyakarta", "Yogyakarta Special Region", 37, &["Kota Yogyakarta", "Kab Sleman", "Kab Bantul", "Kab Kulon Progo", "Kab Gunungkidul"]),
    p("35", "Jawa Timur", "East Java", 411, &["Kota Surabaya", "Kab Sidoarjo", "Kab Gresik", "Kab Lamongan", "Kab Mojokerto", "Kota Mojokerto", "Kab Jombang", "Kab Pasuruan", "Kota Pasuruan", "Kota Malang", "Kab Malang", "Kota Batu", "Kab Kediri", "Kota Kediri", "Kab Blitar", "Kota Blitar", "Kab Tulungagung", "Kab Trenggalek", "Kab Nganjuk", "Kab Madiun", "Kota Madiun", "Kab Ngawi", "Kab Magetan", "Kab Ponorogo", "Kab Pacitan", "Kab Bojonegoro", "Kab Tuban", "Kab Probolinggo", "Kota Probolinggo", "Kab Lumajang", "Kab Jember", "Kab Bondowoso", "Kab Situbondo", "Kab Banyuwangi", "Kab Bangkalan", "Kab Sampang", "Kab Pamekasan", "Kab Sumenep"]),
    p("36", "Banten", "Banten", 123, &["Kota Serang", "Kab Serang", "Kota Cilegon", "Kab Pandeglang", "Kab Lebak", "Kab Tangerang", "Kota Tangerang", "Kota Tangerang Selatan"]),
    p("51", "Bali", "Bali", 44, &["Kota Denpasar", "Kab Badung", "Kab Gianyar", "Kab Tabanan", "Kab Klungkung", "Kab Bangli", "Kab Karangasem", "Kab Buleleng", "Kab Jembrana"]),
    p("52", "Nusa Tenggara Barat", "West Nusa Tenggara", 55, &["Kota Mataram", "Kab Lombok Barat", "Kab Lombok Tengah", "Kab Lombok Timur", "Kab Lombok Utara", "Kab Sumbawa", "Kab Sumbawa Barat", "Kab Dompu", "Kab Bima", "Kota Bima"]),
    p("53", "Nusa Tenggara Timur", "East Nusa Tenggara", 55, &["Kota Kupang", "Kab Kupang", "Kab Timor Tengah Selatan", "Kab Timor Tengah Utara", "Kab Belu", "Kab Malaka", "Kab Alor", "Kab Flores Timur", "Kab Sikka", "Kab Ende", "Kab Ngada", "Kab Manggarai", "Kab Manggarai Barat", "Kab Sumba Timur", "Kab Sumba Barat Daya", "Kab Rote Ndao"]),
    p("61", "Kalimantan Barat", "West Kalimantan", 55, &["Kota Pontianak", "Kab Kubu Raya", "Kab Mempawah", "Kota Singkawang", "Kab Sambas", "Kab Bengkayang", "Kab Landak", "Kab Sanggau", "Kab Sintang", "Kab Ketapang", "Kab Kapuas Hulu"]),
    p("62", "Kalimantan Tengah", "Central Kalimantan", 27, &["Kota Palangka Raya", "Kab Kotawaringin Barat", "Kab Kotawaringin Timur", "Kab Kapuas", "Kab Pulang Pisau", "Kab Barito Utara", "Kab Katingan", "Kab Seruyan"]),
    p("63", "Kalimantan Selatan", "South Kalimantan", 41, &["Kota Banjarbaru", "Kota Banjarmasin", "Kab Banjar", "Kab Barito Kuala", "Kab Tanah Laut", "Kab Tapin", "Kab Hulu Sungai Selatan", "Kab Hulu Sungai Tengah", "Kab Hulu Sungai Utara", "Kab Tabalong", "Kab Kotabaru", "Kab Tanah Bumbu"]),
    p("64", "Kalimantan Timur", "East Kalimantan", 39, &["Kota Samarinda", "Kota Balikpapan", "Kota Bontang", "Kab Kutai Kartanegara", "Kab Kutai Timur", "Kab Kutai Barat", "Kab Paser", "Kab Penajam Paser Utara", "Kab Berau"]),
    p("65", "Kalimantan Utara", "North Kalimantan", 7, &["Kab Bulungan", "Kota Tarakan", "Kab Nunukan", "Kab Malinau", "Kab Tana Tidung"]),
    p("71", "Sulawesi Utara", "North Sulawesi", 27, &["Kota Manado", "Kota Bitung", "Kota Tomohon", "Kab Minahasa", "Kab Minahasa Utara", "Kab Minahasa Selatan", "Kab Bolaang Mongondow", "Kota Kotamobagu", "Kab Kepulauan Sangihe"]),
    p("72", "Sulawesi Tengah", "Central Sulawesi", 31, &["Kota Palu", "Kab Sigi", "Kab Donggala", "Kab Parigi Moutong", "Kab Poso", "Kab Morowali", "Kab Banggai", "Kab Tolitoli", "Kab Buol"]),
    p("73", "Sulawesi Selatan", "South Sulawesi", 92, &["Kota Makassar", "Kab Gowa", "Kab Maros", "Kab Takalar", "Kab Bone", "Kab Wajo", "Kab Soppeng", "Kota Parepare", "Kab Pinrang", "Kab Sidenreng Rappang", "Kota Palopo", "Kab Luwu", "Kab Luwu Timur", "Kab Bulukumba", "Kab Jeneponto", "Kab Tana Toraja", "Kab Pangkajene dan Kepulauan", "Kab Barru"]),
    p("74", "Sulawesi Tenggara", "Southeast Sulawesi", 27, &["Kota Kendari", "Kota Baubau", "Kab Konawe", "Kab Konawe Selatan", "Kab Kolaka", "Kab Muna", "Kab Buton", "Kab Bombana"]),
    p("75", "Gorontalo", "Gorontalo", 12, &["Kota Gorontalo", "Kab Gorontalo", "Kab Bone Bolango", "Kab Boalemo", "Kab Pohuwato", "Kab Gorontalo Utara"]),
    p("76", "Sulawesi Barat", "West Sulawesi", 14, &["Kab Mamuju", "Kab Majene", "Kab Polewali Mandar", "Kab Mamasa", "Kab Pasangkayu", "Kab Mamuju Tengah"]),
    p("81", "Maluku", "Maluku", 19, &["Kota Ambon", "Kota Tual", "Kab Maluku Tengah", "Kab Seram Bagian Barat", "Kab Seram Bagian Timur", "Kab Buru", "Kab Maluku Tenggara", "Kab Kepulauan Aru"]),
    p("82", "Maluku Utara", "North Maluku", 13, &["Kota Tidore Kepulauan", "Kota Ternate", "Kab Halmahera Utara", "Kab Halmahera Barat", "Kab Halmahera Selatan", "Kab Halmahera Tengah", "Kab Kepulauan Sula"]),
    p("91", "Papua", "Papua", 10, &["Kota Jayapura", "Kab Jayapura", "Kab Keerom", "Kab Sarmi", "Kab Biak Numfor", "Kab Kepulauan Yapen", "Kab Waropen", "Kab Mamberamo Raya", "Kab Supiori"]),
    p("92", "Papua Barat", "West Papua", 6, &["Kab Manokwari", "Kab Manokwari Selatan", "Kab Pegunungan Arfak", "Kab Teluk Bintuni", "Kab Teluk Wondama", "Kab Fakfak", "Kab Kaimana"]),
    p("93", "Papua Selatan", "South Papua", 5, &["Kab Merauke", "Kab Boven Digoel", "Kab Mappi", "Kab Asmat"]),
    p("94", "Papua Tengah", "Central Papua", 14, &["Kab Nabire", "Kab Mimika", "Kab Paniai", "Kab Dogiyai", "Kab Deiyai", "Kab Intan Jaya", "Kab Puncak", "Kab Puncak Jaya"]),
    p("95", "Papua Pegunungan", "Highland Papua", 14, &["Kab Jayawijaya", "Kab Lanny Jaya", "Kab Tolikara", "Kab Yahukimo", "Kab Pegunungan Bintang", "Kab Mamberamo Tengah", "Kab Yalimo", "Kab Nduga"]),
    p("96", "Papua Barat Daya", "Southwest Papua", 6, &["Kota Sorong", "Kab Sorong", "Kab Sorong Selatan", "Kab Raja Ampat", "Kab Maybrat", "Kab Tambrauw"]),
];

/// What kind of region a regency or city is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// Kabupaten, with a Bupati and its Perda.
    Regency,
    /// Kota, with a Wali Kota and its Perda.
    City,
    /// Jakarta's Kota Administrasi: no Perda of its own (the province's rules apply).
    AdminCity,
    /// Jakarta's Kabupaten Administrasi Kepulauan Seribu.
    AdminRegency,
}

/// A regency or city, ready for sentences.
#[derive(Clone, Debug)]
pub struct Region {
    /// Its kind.
    pub kind: RegionKind,
    /// Its own name, `Bandung`.
    pub short: &'static str,
    /// Its full name in Bahasa Indonesia, `Kabupaten Bandung`.
    pub id: String,
    /// Its full name in English, `Bandung Regency`.
    pub en: String,
    /// The abbreviation in agency names, `Kab. Bandung`.
    pub abbr: String,
    /// For slugs, `kab-bandung`.
    pub slug: String,
    /// Its web domain, `bandungkab.go.id`.
    pub domain: String,
}

impl Region {
    /// Reads an entry of [`Province::regions`].
    pub fn of(entry: &'static str) -> Region {
        let (kind, short) = if let Some(n) = entry.strip_prefix("Kab ") {
            (RegionKind::Regency, n)
        } else if let Some(n) = entry.strip_prefix("Kota ") {
            (RegionKind::City, n)
        } else if let Some(n) = entry.strip_prefix("AdmKab ") {
            (RegionKind::AdminRegency, n)
        } else {
            (RegionKind::AdminCity, entry.trim_start_matches("Adm "))
        };
        let plain = slug_of(short);
        let (id, en, abbr, slug, domain) = match kind {
            RegionKind::Regency => (
                format!("Kabupaten {short}"),
                format!("{short} Regency"),
                format!("Kab. {short}"),
                format!("kab-{plain}"),
                format!("{}kab.go.id", plain.replace('-', "")),
            ),
            RegionKind::City => (
                format!("Kota {short}"),
                format!("{short} City"),
                format!("Kota {short}"),
                format!("kota-{plain}"),
                format!("{}kota.go.id", plain.replace('-', "")),
            ),
            RegionKind::AdminCity => (
                format!("Kota Administrasi {short}"),
                format!("{short} Administrative City"),
                format!("Kota Adm. {short}"),
                format!("kota-{plain}"),
                format!("{}.jakarta.go.id", plain.replace('-', "")),
            ),
            RegionKind::AdminRegency => (
                format!("Kabupaten Administrasi {short}"),
                format!("{short} Administrative Regency"),
                format!("Kab. Adm. {short}"),
                format!("kab-{plain}"),
                format!("{}.jakarta.go.id", plain.replace('-', "")),
            ),
        };
        Region {
            kind,
            short,
            id,
            en,
            abbr,
            slug,
            domain,
        }
    }

    /// The local regulation's heading: `Perda Kabupaten Bandung`; Jakarta's administrative
    /// cities have none of their own, the province's apply.
    pub fn perda(&self) -> String {
        match self.kind {
            RegionKind::Regency => format!("Perda Kabupaten {}", self.short),
            RegionKind::City => format!("Perda Kota {}", self.short),
            RegionKind::AdminCity | RegionKind::AdminRegency => {
                "Perda Provinsi DKI Jakarta".to_string()
            }
        }
    }

    /// The head's regulation (service standards): `Peraturan Bupati Bandung`.
    pub fn perkada(&self) -> String {
        match self.kind {
            RegionKind::Regency => format!("Peraturan Bupati {}", self.short),
            RegionKind::City => format!("Peraturan Wali Kota {}", self.short),
            RegionKind::AdminCity | RegionKind::AdminRegency => {
                "Peraturan Gubernur DKI Jakarta".to_string()
            }
        }
    }
}

/// `Kepulauan Seribu` → `kepulauan-seribu`.
pub fn slug_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
