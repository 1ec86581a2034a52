//! Well-known object names for `Mast.Name.Lookup`, also used as targets in the catalogue.

use super::json_out::JsonBuf;

/// One resolvable object.
#[derive(Debug)]
pub struct KnownObject {
    /// Names that resolve to it (compared ignoring case, spaces, hyphens and underscores).
    pub aliases: &'static [&'static str],
    pub canonical: &'static str,
    pub ra: f64,
    pub dec: f64,
    /// Rough angular size (deg), answered as `radius`.
    pub radius: f64,
    pub object_type: &'static str,
    /// How observatories spell it in `target_name`.
    pub target: &'static str,
}

macro_rules! obj {
    ([$($a:expr),+], $c:expr, $ra:expr, $dec:expr, $r:expr, $t:expr, $tn:expr) => {
        KnownObject { aliases: &[$($a),+], canonical: $c, ra: $ra, dec: $dec, radius: $r, object_type: $t, target: $tn }
    };
}

/// Index 0 is the target of JWST program 1073 (always present in the archive).
pub static KNOWN: &[KnownObject] = &[
    obj!(
        ["NGC 1365", "NGC-1365"],
        "NGC 1365",
        53.401_55,
        -36.140_39,
        0.09,
        "G",
        "NGC-1365"
    ),
    obj!(
        ["M101", "Messier 101", "NGC 5457", "Pinwheel Galaxy"],
        "MESSIER 101",
        210.802_27,
        54.348_95,
        0.24,
        "G",
        "M-101"
    ),
    obj!(
        [
            "M31",
            "Messier 31",
            "Andromeda",
            "Andromeda Galaxy",
            "NGC 224"
        ],
        "MESSIER 031",
        10.684_71,
        41.268_75,
        1.6,
        "G",
        "M31"
    ),
    obj!(
        ["M42", "Messier 42", "Orion Nebula", "NGC 1976"],
        "MESSIER 042",
        83.822_08,
        -5.391_11,
        0.5,
        "HII",
        "M42"
    ),
    obj!(
        ["Crab", "Crab Nebula", "M1", "Messier 1", "NGC 1952"],
        "MESSIER 001",
        83.633_08,
        22.014_50,
        0.06,
        "SNR",
        "CRAB-NEBULA"
    ),
    obj!(
        ["Vega", "alf Lyr", "HD 172167"],
        "* alf Lyr",
        279.234_73,
        38.783_69,
        0.0,
        "*",
        "VEGA"
    ),
    obj!(
        ["M51", "Messier 51", "Whirlpool Galaxy", "NGC 5194"],
        "MESSIER 051",
        202.469_58,
        47.195_26,
        0.15,
        "G",
        "M51"
    ),
    obj!(
        ["M87", "Messier 87", "Virgo A", "NGC 4486"],
        "MESSIER 087",
        187.705_93,
        12.391_12,
        0.1,
        "G",
        "M87"
    ),
    obj!(
        ["M104", "Messier 104", "Sombrero Galaxy", "NGC 4594"],
        "MESSIER 104",
        189.997_63,
        -11.623_05,
        0.07,
        "G",
        "M104"
    ),
    obj!(
        ["M82", "Messier 82", "Cigar Galaxy", "NGC 3034"],
        "MESSIER 082",
        148.969_69,
        69.679_38,
        0.09,
        "G",
        "M82"
    ),
    obj!(
        ["M33", "Messier 33", "Triangulum Galaxy", "NGC 598"],
        "MESSIER 033",
        23.462_04,
        30.660_22,
        0.6,
        "G",
        "M33"
    ),
    obj!(
        ["M13", "Messier 13", "NGC 6205", "Hercules Cluster"],
        "MESSIER 013",
        250.423_46,
        36.461_31,
        0.14,
        "GlC",
        "M13"
    ),
    obj!(
        ["M57", "Messier 57", "Ring Nebula", "NGC 6720"],
        "MESSIER 057",
        283.396_23,
        33.029_14,
        0.02,
        "PN",
        "M57"
    ),
    obj!(
        ["M16", "Messier 16", "Eagle Nebula", "Pillars of Creation"],
        "MESSIER 016",
        274.7,
        -13.807,
        0.1,
        "HII",
        "M16"
    ),
    obj!(
        ["Betelgeuse", "alf Ori"],
        "* alf Ori",
        88.792_94,
        7.407_06,
        0.0,
        "*",
        "BETELGEUSE"
    ),
    obj!(
        ["Sirius", "alf CMa"],
        "* alf CMa",
        101.287_16,
        -16.716_12,
        0.0,
        "*",
        "SIRIUS"
    ),
    obj!(
        ["Polaris", "alf UMi"],
        "* alf UMi",
        37.954_56,
        89.264_11,
        0.0,
        "*",
        "POLARIS"
    ),
    obj!(
        ["Proxima Centauri", "Proxima Cen", "alf Cen C"],
        "NAME Proxima Centauri",
        217.428_95,
        -62.679_49,
        0.0,
        "*",
        "PROXIMA-CEN"
    ),
    obj!(
        ["TRAPPIST-1", "2MASS J23062928-0502285"],
        "TRAPPIST-1",
        346.622_01,
        -5.041_44,
        0.0,
        "*",
        "TRAPPIST-1"
    ),
    obj!(
        ["WASP-39", "WASP-39 b"],
        "WASP-39",
        217.326_66,
        -3.444_50,
        0.0,
        "*",
        "WASP-39"
    ),
    obj!(
        ["HD 189733"],
        "HD 189733",
        300.182_13,
        22.710_85,
        0.0,
        "*",
        "HD-189733"
    ),
    obj!(
        ["HD 209458"],
        "HD 209458",
        330.794_88,
        18.884_32,
        0.0,
        "*",
        "HD-209458"
    ),
    obj!(
        ["55 Cnc", "55 Cancri", "rho01 Cnc"],
        "* 55 Cnc",
        133.149_21,
        28.330_82,
        0.0,
        "*",
        "55-CNC"
    ),
    obj!(
        ["Barnard's Star", "Barnards Star", "GJ 699"],
        "NAME Barnard's star",
        269.452_08,
        4.693_36,
        0.0,
        "*",
        "BARNARDS-STAR"
    ),
    obj!(
        ["LMC", "Large Magellanic Cloud"],
        "NAME LMC",
        80.893_75,
        -69.756_11,
        5.0,
        "G",
        "LMC"
    ),
    obj!(
        ["SMC", "Small Magellanic Cloud"],
        "NAME SMC",
        13.186_67,
        -72.828_61,
        2.5,
        "G",
        "SMC"
    ),
    obj!(
        ["Eta Carinae", "eta Car"],
        "* eta Car",
        161.264_77,
        -59.684_44,
        0.0,
        "*",
        "ETA-CAR"
    ),
    obj!(
        ["Carina Nebula", "NGC 3372"],
        "NGC 3372",
        160.96,
        -59.87,
        1.0,
        "HII",
        "CARINA-NEBULA"
    ),
    obj!(
        ["Cas A", "Cassiopeia A"],
        "NAME Cassiopeia A",
        350.85,
        58.815,
        0.04,
        "SNR",
        "CAS-A"
    ),
    obj!(
        ["SN 1987A", "SN1987A"],
        "SN 1987A",
        83.866_75,
        -69.269_74,
        0.0,
        "SN",
        "SN1987A"
    ),
    obj!(
        ["Sgr A*", "Sagittarius A*"],
        "NAME Sgr A*",
        266.416_84,
        -29.007_81,
        0.0,
        "X",
        "SGRA"
    ),
    obj!(
        ["Stephan's Quintet", "Stephans Quintet", "HCG 92"],
        "HCG 092",
        339.014,
        33.9658,
        0.05,
        "GGroup",
        "STEPHANS-QUINTET"
    ),
    obj!(
        ["Cartwheel Galaxy", "ESO 350-40"],
        "ESO 350-40",
        9.4216,
        -33.7159,
        0.02,
        "G",
        "CARTWHEEL"
    ),
    obj!(
        ["SMACS 0723", "SMACS J0723.3-7327"],
        "SMACS J0723.3-7327",
        110.8375,
        -73.4544,
        0.05,
        "ClG",
        "SMACS-0723"
    ),
    obj!(
        ["Abell 2744", "Pandora's Cluster"],
        "ACO 2744",
        3.586_25,
        -30.400_17,
        0.1,
        "ClG",
        "ABELL-2744"
    ),
    obj!(
        ["Hubble Deep Field", "HDF", "HDF-N"],
        "NAME HDF",
        189.206_46,
        62.216_08,
        0.02,
        "Field",
        "HDF-NORTH"
    ),
    obj!(
        ["Hubble Ultra Deep Field", "HUDF"],
        "NAME HUDF",
        53.162_63,
        -27.791_37,
        0.03,
        "Field",
        "HUDF"
    ),
    obj!(
        ["NGC 628", "M74", "Messier 74"],
        "MESSIER 074",
        24.173_93,
        15.783_64,
        0.08,
        "G",
        "NGC-628"
    ),
    obj!(
        ["NGC 3132", "Southern Ring Nebula"],
        "NGC 3132",
        151.757_05,
        -40.436_38,
        0.01,
        "PN",
        "NGC-3132"
    ),
    obj!(
        ["30 Dor", "Tarantula Nebula", "NGC 2070"],
        "NAME 30 Dor",
        84.676_65,
        -69.100_93,
        0.3,
        "HII",
        "30-DOR"
    ),
    obj!(
        ["NGC 7469"],
        "NGC 7469",
        345.815_10,
        8.874_00,
        0.01,
        "Sy1",
        "NGC-7469"
    ),
    obj!(
        ["KIC 8462852", "Tabby's Star", "Boyajian's Star"],
        "KIC 8462852",
        301.564_42,
        44.456_94,
        0.0,
        "*",
        "KIC-8462852"
    ),
];

/// Lower-case letters, digits, `*` and `'`, dropping spaces, hyphens, underscores and dots.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn lookup(name: &str) -> Option<&'static KnownObject> {
    let key = normalize(name);
    if key.is_empty() {
        return None;
    }
    KNOWN.iter().find(|o| {
        o.aliases
            .iter()
            .chain([&o.target])
            .any(|a| normalize(a) == key)
    })
}

/// Write the resolver entries for `name` (NED then SIMBAD, as SANTA answers) into an open JSON list.
pub fn write_resolved(out: &mut JsonBuf, name: &str, first: &mut bool) {
    let Some(o) = lookup(name) else { return };
    for (resolver, time, cached) in [("NED", 112, true), ("SIMBAD", 294, true)] {
        if !*first {
            out.raw(",");
        }
        *first = false;
        out.raw("{\"searchString\":");
        out.string(&name.to_lowercase());
        out.raw(",\"resolver\":");
        out.string(resolver);
        out.raw(",\"cached\":");
        out.raw(if cached { "true" } else { "false" });
        out.raw(",\"resolverTime\":");
        out.int(time);
        out.raw(",\"searchRadius\":-1.0,\"canonicalName\":");
        out.string(o.canonical);
        out.raw(",\"ra\":");
        out.float(o.ra);
        out.raw(",\"decl\":");
        out.float(o.dec);
        out.raw(",\"radius\":");
        out.float(o.radius);
        out.raw(",\"objectType\":");
        out.string(o.object_type);
        out.raw("}");
    }
}

/// Full `Mast.Name.Lookup` answer for one input name.
pub fn lookup_answer(name: &str) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(512);
    out.raw("{\"resolvedCoordinate\":[");
    let mut first = true;
    write_resolved(&mut out, name, &mut first);
    out.raw("],\"status\":\"\"}");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_spacing() {
        assert_eq!(lookup("m101").map(|o| o.canonical), Some("MESSIER 101"));
        assert_eq!(lookup("  M 101 ").map(|o| o.canonical), Some("MESSIER 101"));
        assert_eq!(lookup("ngc-1365").map(|o| o.ra), Some(53.401_55));
        assert!(
            lookup("NGC-1365").is_some(),
            "program 1073 target_name resolves"
        );
        assert!(lookup("no such thing").is_none());
        assert!(lookup("").is_none());
        assert!(KNOWN.len() >= 30);
    }

    #[test]
    fn answer_shape() {
        let v: serde_json::Value = serde_json::from_slice(&lookup_answer("M101")).unwrap();
        let r = &v["resolvedCoordinate"];
        assert_eq!(r.as_array().unwrap().len(), 2);
        assert_eq!(r[0]["searchString"], "m101");
        assert_eq!(r[0]["decl"], 54.34895);
        assert!(r[0].get("dec").is_none());
        let v: serde_json::Value = serde_json::from_slice(&lookup_answer("nothing here")).unwrap();
        assert_eq!(v["resolvedCoordinate"].as_array().unwrap().len(), 0);
    }
}
