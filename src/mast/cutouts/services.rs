//! The cutout services' questions (which TESS sectors saw a position, which deep-field
//! surveys cover it) and the URL of a cutout archive. Lists are read leniently: TESScut
//! sends sector, camera and CCD as strings (`"0006"`), numbers are taken too.
use reqwest::{Method, Url};
use tokio_util::sync::CancellationToken;

use super::size::CutoutSize;
use crate::mast::client::MastClient;
use crate::mast::coords::SkyCoord;
use crate::mast::error::MastError;
use crate::mast::http::{Encoding, HttpRequest, deadline_after};

/// Which cutout service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Tesscut,
    Zcut,
    Hapcut,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Tesscut => "tesscut",
            Service::Zcut => "zcut",
            Service::Hapcut => "hapcut",
        }
    }
}

/// Where a cutout is centred: a position, or (TESScut) a moving target by name.
#[derive(Debug, Clone, PartialEq)]
pub enum Center {
    Position(SkyCoord),
    Moving {
        name: String,
        /// `majorbody` or `smallbody`; TESScut tries both when absent.
        kind: Option<String>,
    },
}

/// One TESS sector that saw the position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    pub sector_name: String,
    pub sector: u32,
    pub camera: u32,
    pub ccd: u32,
}

/// What one cutout asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct CutoutRequest {
    pub service: Service,
    pub center: Center,
    pub size: CutoutSize,
    /// TESScut: only these sectors (all that saw it when empty).
    pub sectors: Vec<u32>,
    /// Zcut: the survey (the first covering the position when `None`).
    pub survey: Option<String>,
}

fn service_url(base: &str, service: Service, path: &str) -> Result<Url, MastError> {
    let text = format!(
        "{}/{}/api/v0.1/{path}",
        base.trim_end_matches('/'),
        service.name()
    );
    Url::parse(&text).map_err(|e| MastError::Protocol {
        what: service.name().into(),
        message: e.to_string(),
    })
}

/// Unreserved characters stay; everything else is percent-encoded.
const FORM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn form(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encoding::utf8_percent_encode(v, FORM)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A whole number sent as a string or a number.
fn lenient_u32(v: Option<&serde_json::Value>) -> Option<u32> {
    crate::mast::response::lenient_u64(v).and_then(|n| u32::try_from(n).ok())
}

/// TESScut's `{"results": [{"sectorName", "sector", "camera", "ccd"}]}`.
pub fn parse_sectors(bytes: &[u8]) -> Result<Vec<Sector>, String> {
    let v: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| crate::mast::response::not_json_hint(bytes, e.to_string()))?;
    let list = match v.get("results") {
        Some(serde_json::Value::Array(a)) => a,
        Some(serde_json::Value::Null) | None => return Ok(Vec::new()),
        Some(_) => return Err("`results` is not a list".into()),
    };
    list.iter()
        .map(|e| {
            let sector = lenient_u32(e.get("sector")).ok_or("a sector without its number")?;
            Ok(Sector {
                sector_name: e
                    .get("sectorName")
                    .and_then(|s| s.as_str())
                    .map_or_else(|| format!("tess-s{sector:04}"), |s| s.trim().to_string()),
                sector,
                camera: lenient_u32(e.get("camera")).unwrap_or(0),
                ccd: lenient_u32(e.get("ccd")).unwrap_or(0),
            })
        })
        .collect()
}

/// Zcut's `{"surveys": [..]}`.
pub fn parse_surveys(bytes: &[u8]) -> Result<Vec<String>, String> {
    let v: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| crate::mast::response::not_json_hint(bytes, e.to_string()))?;
    match v.get("surveys") {
        Some(serde_json::Value::Array(a)) => Ok(a
            .iter()
            .filter_map(|s| s.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect()),
        Some(serde_json::Value::Null) | None => Ok(Vec::new()),
        Some(_) => Err("`surveys` is not a list".into()),
    }
}

impl MastClient {
    async fn service_form<T>(
        &self,
        service: Service,
        path: &str,
        pairs: &[(&str, String)],
        cancel: &CancellationToken,
        parse: &(dyn Fn(&[u8]) -> Result<T, String> + Sync),
    ) -> Result<T, MastError> {
        let req = HttpRequest {
            method: Method::POST,
            url: service_url(self.base_url(), service, path)?,
            body: Some(form(pairs)),
            what: format!("{} {path}", service.name()),
        };
        let deadline = deadline_after(self.policy().deadline);
        self.http()
            .fetch_as(&req, Encoding::ServiceForm, deadline, cancel, parse)
            .await
    }

    /// The TESS sectors (with camera and CCD) that saw `center` within `radius_deg`.
    pub async fn tess_sectors(
        &self,
        center: &Center,
        radius_deg: f64,
        cancel: &CancellationToken,
    ) -> Result<Vec<Sector>, MastError> {
        match center {
            Center::Position(c) => {
                let pairs = [
                    ("ra", c.ra.to_string()),
                    ("dec", c.dec.to_string()),
                    ("radius", radius_deg.to_string()),
                ];
                self.service_form(Service::Tesscut, "sector", &pairs, cancel, &parse_sectors)
                    .await
            }
            Center::Moving { name, kind } => {
                let mut pairs = vec![("obj_id", name.clone())];
                if let Some(k) = kind {
                    pairs.push(("obj_type", k.clone()));
                }
                self.service_form(
                    Service::Tesscut,
                    "moving_target/sector",
                    &pairs,
                    cancel,
                    &parse_sectors,
                )
                .await
            }
        }
    }

    /// The deep-field surveys Zcut has at `c` (within `radius_deg`).
    pub async fn zcut_surveys(
        &self,
        c: SkyCoord,
        radius_deg: f64,
        cancel: &CancellationToken,
    ) -> Result<Vec<String>, MastError> {
        let pairs = [
            ("ra", c.ra.to_string()),
            ("dec", c.dec.to_string()),
            ("radius", radius_deg.to_string()),
        ];
        self.service_form(Service::Zcut, "survey", &pairs, cancel, &parse_surveys)
            .await
    }
}

/// The URL of the cutout archive `req` asks for (a GET, as astroquery's downloads use).
pub fn cutout_url(base: &str, req: &CutoutRequest) -> Result<Url, MastError> {
    let path = match (&req.center, req.service) {
        (Center::Moving { .. }, Service::Tesscut) => "moving_target/astrocut",
        _ => "astrocut",
    };
    let mut url = service_url(base, req.service, path)?;
    {
        let mut q = url.query_pairs_mut();
        match &req.center {
            Center::Position(c) => {
                q.append_pair("ra", &c.ra.to_string());
                q.append_pair("dec", &c.dec.to_string());
            }
            Center::Moving { name, kind } => {
                q.append_pair("obj_id", name);
                if let Some(k) = kind {
                    q.append_pair("obj_type", k);
                }
            }
        }
        for (k, v) in req.size.params() {
            q.append_pair(k, &v);
        }
        for s in &req.sectors {
            q.append_pair("sector", &s.to_string());
        }
        if req.service == Service::Zcut {
            if let Some(s) = &req.survey {
                q.append_pair("survey", s);
            }
            q.append_pair("format", "fits");
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_strings_and_numbers() {
        let s = parse_sectors(
            br#"{"results":[{"sectorName": "tess-s0001-1-3","sector": "0001","camera": "1","ccd": "3"},
                            {"sector": 14, "camera": 2, "ccd": 4}]}"#,
        )
        .unwrap();
        assert_eq!(s[0].sector, 1);
        assert_eq!((s[1].sector_name.as_str(), s[1].ccd), ("tess-s0014", 4));
        assert!(parse_sectors(br#"{"results":[{"camera":"1"}]}"#).is_err());
        assert!(parse_sectors(br#"{"results":[]}"#).unwrap().is_empty());
        assert_eq!(
            parse_surveys(br#"{"surveys": ["candels_gn_60mas", "goods_north"]}"#).unwrap(),
            ["candels_gn_60mas", "goods_north"]
        );
    }

    #[test]
    fn cutout_urls_carry_what_the_services_take() {
        let req = CutoutRequest {
            service: Service::Tesscut,
            center: Center::Position(SkyCoord {
                ra: 107.27,
                dec: -70.0,
            }),
            size: CutoutSize::Pixels { x: 5, y: 3 },
            sectors: vec![28, 68],
            survey: None,
        };
        assert_eq!(
            cutout_url("http://h:1/", &req).unwrap().as_str(),
            "http://h:1/tesscut/api/v0.1/astrocut?ra=107.27&dec=-70&x=5&y=3&units=px&sector=28&sector=68"
        );
        let moving = CutoutRequest {
            center: Center::Moving {
                name: "Ceres".into(),
                kind: None,
            },
            sectors: vec![],
            ..req.clone()
        };
        assert!(
            cutout_url("http://h:1", &moving)
                .unwrap()
                .as_str()
                .contains("/moving_target/astrocut?obj_id=Ceres&x=5")
        );
        let zcut = CutoutRequest {
            service: Service::Zcut,
            survey: Some("goods_north".into()),
            sectors: vec![],
            ..req
        };
        assert!(
            cutout_url("http://h:1", &zcut)
                .unwrap()
                .as_str()
                .ends_with("&survey=goods_north&format=fits")
        );
    }
}
