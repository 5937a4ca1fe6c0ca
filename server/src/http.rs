//! The HTTP side: routes, static files with long cache lifetimes, compression, security
//! headers, the service worker and the offline shell.

use crate::config::Serve;
use crate::files::{self, Files};
use crate::site::{self, Site};
use crate::{assets, corrections, faults, limits, oidc, open311, open_data, web_form};
use app::api::auth::AuthSettings;
use app::domain::l10n::Lang;
use app::store::limits::{Clock, SystemClock};
use app::store::submitter::Submitter;
use app::store::Db;
use axum::body::Body;
use axum::extract::{FromRef, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use leptos::prelude::*;
use std::path::Path as FsPath;
use std::sync::{Arc, OnceLock};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// `/sw.js`.
    pub sw: Arc<assets::ServiceWorker>,
    /// Mark cookies `Secure`.
    pub secure_cookies: bool,
    /// Uploads (`/api/files/…`).
    pub files: Arc<Files>,
    /// Corrections of the catalogue (`/api/koreksi/…`).
    pub corrections: corrections::Corrections,
    /// The database (the open data's figures).
    pub pool: Db,
    /// The server's own application form (`/api/formulir/…`, `/api/loket/…`).
    pub web_forms: Arc<web_form::WebForms>,
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Db {
        state.pool.clone()
    }
}

impl FromRef<AppState> for AuthSettings {
    fn from_ref(state: &AppState) -> AuthSettings {
        AuthSettings {
            secure_cookies: state.secure_cookies,
        }
    }
}

impl FromRef<AppState> for Arc<Files> {
    fn from_ref(state: &AppState) -> Arc<Files> {
        state.files.clone()
    }
}

/// The service worker's source, compiled in so it always matches this build.
const SW_TEMPLATE: &str = include_str!("../../public/sw.js");

/// cargo-leptos' name for the front end: `pkg/loket.<hash>.js`, …
const OUTPUT_NAME: &str = "loket";

/// The hash file in force: `--hash-file`, else `hash.txt` beside this binary when it exists.
fn hash_file(serve: &Serve) -> Option<std::path::PathBuf> {
    if let Some(p) = &serve.hash_file {
        return Some(p.clone());
    }
    let beside = std::env::current_exe().ok()?.parent()?.join("hash.txt");
    beside.exists().then_some(beside)
}

/// Reads the built site into memory (see [`site`]); refuses one that lacks a file it names.
pub fn load_site(serve: &Serve) -> anyhow::Result<Site> {
    let hashes = match hash_file(serve) {
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| anyhow::anyhow!("cannot read the hash file {}: {e}", p.display()))?;
            Some(site::Hashes::parse(&text))
        }
        None => None,
    };
    Site::load(&serve.site_root, hashes, OUTPUT_NAME)
}

/// Leptos' options for `site`. Leptos reads the hashed names from a file on every page, and
/// the split manifest from the site once: with hashed names, both come from a copy under
/// `<data-dir>/served-site/` written now, so a rebuild cannot make pages name files this
/// process does not hold.
pub fn leptos_options(
    serve: &Serve,
    site: &Site,
    data_dir: &FsPath,
) -> anyhow::Result<LeptosOptions> {
    let builder = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_pkg_dir("pkg")
        .site_addr(serve.addr)
        .env(leptos_config::Env::PROD);
    let Some(hashes) = &site.hashes else {
        return Ok(builder
            .site_root(serve.site_root.to_string_lossy().to_string())
            .hash_files(false)
            .build());
    };
    let pinned = site.pin(hashes, &data_dir.join("served-site"))?;
    Ok(builder
        .site_root(pinned.to_string_lossy().to_string())
        .hash_files(true)
        .hash_file(Arc::<str>::from(
            pinned.join("hash.txt").to_string_lossy().as_ref(),
        ))
        .build())
}

/// The whole app as an axum router; uploads are kept under `data_dir`.
pub fn router(pool: Db, data_dir: &FsPath, serve: &Serve) -> anyhow::Result<Router> {
    router_with_clock(pool, data_dir, serve, Arc::new(SystemClock))
}

/// [`router`] with the rate limits (kept in `pool`) on `clock` (tests move it by hand).
pub fn router_with_clock(
    pool: Db,
    data_dir: &FsPath,
    serve: &Serve,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Router> {
    // Leptos runs its async work (resources, streaming) on tokio.
    let _ = any_spawner::Executor::init_tokio();
    let site = Arc::new(load_site(serve)?);
    tracing::info!(
        files = site.files.len(),
        hashed = site.hashes.is_some(),
        "static files read into memory"
    );
    let leptos = leptos_options(serve, &site, data_dir)?;
    let mut standard = limits::standard(&pool, clock.clone(), serve.submits_per_minute);
    standard.open311_per_key = limits::open311(&pool, clock, serve.open311_posts_per_minute);
    let limits = Arc::new(standard);
    let secret_file = crate::secrets::path(serve.secret_file.as_deref(), data_dir);
    let secrets = Arc::new(crate::secrets::load_or_create(&secret_file)?);
    // Every door's submissions go through one writer, which commits them in batches.
    let submitter = Submitter::new(pool.clone(), secrets.clone());
    // The catalogue parsed once per state (and the calendar once per import), shared by every
    // page of this server, every door's filing and Open311.
    let shelves = app::store::shelf::Shelves::default();
    let state = app_state(
        &pool,
        data_dir,
        serve,
        &site,
        limits.clone(),
        submitter.clone(),
        shelves.clone(),
    )?;
    let files = state.files.clone();
    // Other systems file and follow requests through Open311 (see `open311`).
    let open311 = open311::routes(open311::Open311 {
        pool: pool.clone(),
        submitter: submitter.clone(),
        limits: limits.clone(),
        public_url: serve.public_url(),
        shelves: shelves.clone(),
        services_written: Default::default(),
    });
    let oidc = Arc::new(oidc::Oidc::new(
        &serve.oidc_providers,
        &serve.public_url().to_string(),
        pool.clone(),
        AuthSettings {
            secure_cookies: serve.secure_cookies,
        },
        limits.clone(),
    )?);
    let context = server_context(
        &pool,
        serve,
        limits,
        secrets,
        submitter,
        oidc.links(),
        shelves,
    );
    // The server's form carries photos whole (up to the per-application upload quota), so its
    // posts have a body limit of their own; everything else keeps `--max-body`.
    let form_body = serve.max_body + serve.upload_limits().quotas.per_key as usize;
    let router = page_routes(context, leptos, oidc)
        .with_state(state.clone())
        .merge(open311)
        .merge(site.routes())
        .layer(RequestBodyLimitLayer::new(serve.max_body))
        .merge(
            web_form_routes()
                .with_state(state)
                .layer(RequestBodyLimitLayer::new(form_body)),
        );
    // Test only: answers lost on purpose after the work is done (see `faults`).
    let router = if serve.test_faults {
        tracing::warn!(
            "test faults ON: {} can make answers fail; never use this in production",
            faults::PATH
        );
        let switch = Arc::new(faults::Faults::new(pool.clone(), files));
        router
            .merge(faults::routes(switch.clone()))
            .layer(middleware::from_fn_with_state(switch, faults::inject))
    } else {
        router
    };
    Ok(with_middleware(router, serve))
}

/// What the plain axum handlers share: the service worker, the uploads (swept now and every
/// hour), the corrections and whether cookies are `Secure`.
fn app_state(
    pool: &Db,
    data_dir: &FsPath,
    serve: &Serve,
    site: &Site,
    limits: Arc<app::store::limits::Limits>,
    submitter: Submitter,
    shelves: app::store::shelf::Shelves,
) -> anyhow::Result<AppState> {
    let sw = Arc::new(assets::service_worker(
        site,
        SW_TEMPLATE,
        &serve.release_tag,
    ));
    tracing::info!(version = %sw.version, "service worker");
    let files_dir = serve.files_dir(data_dir);
    let files = Arc::new(
        Files::open(&files_dir, pool.clone(), serve.upload_limits())
            .map_err(|e| anyhow::anyhow!("cannot keep uploads in {}: {e}", files_dir.display()))?,
    );
    // Partial uploads left behind expire; swept now and every hour.
    files::start_sweeper(&files);
    let corrections = corrections::Corrections {
        pool: pool.clone(),
        limits: limits.clone(),
        files: files.clone(),
    };
    let web_forms = Arc::new(web_form::WebForms {
        pool: pool.clone(),
        limits,
        files: files.clone(),
        submitter,
        shelves,
        secure_cookies: serve.secure_cookies,
    });
    // Drafts of the server's form not changed for a week go, now and every hour.
    web_form::start_sweeper(&web_forms);
    Ok(AppState {
        sw,
        secure_cookies: serve.secure_cookies,
        files,
        corrections,
        pool: pool.clone(),
        web_forms,
    })
}

/// What every page render and server function finds in its Leptos context: the database, the
/// rate limits, the cookie settings, the secrets, the public URL and the kept catalogue.
fn server_context(
    pool: &Db,
    serve: &Serve,
    limits: Arc<app::store::limits::Limits>,
    secrets: Arc<app::keys::Secrets>,
    submitter: Submitter,
    providers: app::api::auth::external::Providers,
    shelves: app::store::shelf::Shelves,
) -> impl Fn() + Clone + Send + Sync + 'static {
    let auth = AuthSettings {
        secure_cookies: serve.secure_cookies,
    };
    let pool = pool.clone();
    let public_url = serve.public_url();
    move || {
        provide_context(pool.clone());
        provide_context(public_url.clone());
        provide_context(limits.clone());
        provide_context(auth);
        provide_context(secrets.clone());
        provide_context(submitter.clone());
        provide_context(providers.clone());
        provide_context(shelves.clone());
    }
}

/// Every address: the service worker, the offline shell, the language switch, uploads, server
/// functions (their errors mapped to statuses) and the pages (any other address is a page
/// too: the app answers it with the not-found page, 404).
fn page_routes(
    context: impl Fn() + Clone + Send + Sync + 'static,
    leptos: LeptosOptions,
    oidc: Arc<oidc::Oidc>,
) -> Router<AppState> {
    let shell_options = leptos.clone();
    let offline_shell =
        leptos_axum::render_app_to_stream_with_context(context.clone(), move || {
            app::shell(shell_options.clone(), true)
        });
    // Pages wait for their data and go out whole, so they read without JavaScript.
    let page = leptos_axum::render_app_async_with_context(context.clone(), move || {
        app::shell(leptos.clone(), false)
    });
    let (get_fn, post_fn, changes_fn) = (context.clone(), context.clone(), context);
    let from_start = crate::changes::FromStart::default();
    let form_page = page.clone();
    let (oidc_start, start_page) = (oidc.clone(), page.clone());
    let (oidc_callback, callback_page) = (oidc, page.clone());
    let router = Router::new()
        .route("/sw.js", get(service_worker))
        .route(
            app::OFFLINE_SHELL_PATH,
            get(move |req: Request| offline_shell(req)),
        )
        .route("/bahasa/{lang}", get(switch_language))
        .route(app::api::provinces::SAVE_PATH, get(save_provinces))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/files/{sha256}", put(files::upload).get(files::status))
        .route("/staff/berkas/{sha256}", get(files::for_staff))
        .route("/survei/{slug}/qr.svg", get(survey_qr))
        .route("/kinerja.csv", get(open_data::csv))
        .route("/kinerja.json", get(open_data::json))
        .route(
            "/api/koreksi/{slug}",
            post(
                move |State(state): State<AppState>, Path(slug): Path<String>, req: Request| {
                    correction(state, slug, req, form_page.clone())
                },
            ),
        )
        // A small form (`login`, `izin`): under `--max-body` like every other post, not the
        // application form's photo-sized limit.
        .route("/api/loket-izin", post(counter_grant))
        .route(
            "/auth/oidc/{provider}",
            get(move |p: Path<String>, req: Request| {
                oidc::start(oidc_start.clone(), p, req, start_page.clone())
            }),
        )
        .route(
            "/auth/oidc/{provider}/callback",
            get(move |p: Path<String>, req: Request| {
                oidc::callback(oidc_callback.clone(), p, req, callback_page.clone())
            }),
        )
        // The catalogue's delta from the start is kept per catalogue state (`changes`); any
        // other cursor goes on to the server function.
        .route(
            <app::api::catalogue::CatalogueChanges as leptos::server_fn::ServerFn>::PATH,
            get(move |State(state): State<AppState>, req: Request| {
                catalogue_changes(state, from_start.clone(), changes_fn.clone(), req)
            })
            .layer(middleware::from_fn(error_status)),
        )
        .route(
            "/api/{*function}",
            get(move |req: Request| {
                leptos_axum::handle_server_fns_with_context(get_fn.clone(), req)
            })
            .post(move |req: Request| {
                leptos_axum::handle_server_fns_with_context(post_fn.clone(), req)
            })
            .layer(middleware::from_fn(error_status)),
        )
        .route("/{*path}", get(page.clone()));
    app_routes(router, page)
}

/// `GET /api/catalogue/changes`: from the start, the kept answer; else (or when the store
/// fails) the server function's.
async fn catalogue_changes(
    state: AppState,
    from_start: crate::changes::FromStart,
    context: impl Fn() + Clone + Send + Sync + 'static,
    req: Request,
) -> Response {
    if let Some((since, client)) = crate::changes::asked(req.uri().query().unwrap_or("")) {
        match from_start
            .answer(&state.pool, since, client.as_deref(), req.headers())
            .await
        {
            Ok(Some(res)) => return res,
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "catalogue changes from the start"),
        }
    }
    leptos_axum::handle_server_fns_with_context(context, req)
        .await
        .into_response()
}

/// `POST /api/loket-izin`: an agency admin allows (or stops) an officer at the counter.
async fn counter_grant(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: String,
) -> Response {
    let auth = AuthSettings {
        secure_cookies: state.secure_cookies,
    };
    web_form::post_grant(&state.web_forms, auth, &headers, &body).await
}

/// The posts of the server's own application form (see [`web_form`]): the visitor's
/// (`/api/formulir/{slug}`) and the counter's (`/api/loket/{slug}`).
fn web_form_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/formulir/{slug}",
            post(
                |State(state): State<AppState>,
                 Path(slug): Path<String>,
                 Query(step): Query<web_form::Step>,
                 req: Request| async move {
                    web_form::post_web(&state.web_forms, &slug, step, req).await
                },
            ),
        )
        .route(
            "/api/loket/{slug}",
            post(
                |State(state): State<AppState>,
                 Path(slug): Path<String>,
                 Query(step): Query<web_form::Step>,
                 req: Request| async move {
                    let auth = AuthSettings {
                        secure_cookies: state.secure_cookies,
                    };
                    web_form::post_counter(&state.web_forms, auth, &slug, step, req).await
                },
            ),
        )
}

/// The layers every answer passes: same-origin writes, the client's address, cache policy,
/// compression, security headers and tracing (the body limits are set with the routes).
fn with_middleware(router: Router, serve: &Serve) -> Router {
    router
        .layer(middleware::from_fn_with_state(
            serve.secure_cookies,
            same_origin,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::new(serve.trusted_proxies.clone()),
            limits::client_ip,
        ))
        .layer(middleware::from_fn(cache_policy))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(
            crate::encoding::LAYER_LEVEL as i32,
        )))
        .layer(middleware::from_fn_with_state(
            serve.secure_cookies,
            security_headers,
        ))
        .layer(TraceLayer::new_for_http())
}

/// The app's routes as leptos_router declares them (`app::ui::nav::AppRoutes`), each served by
/// `page` (the whole page rendered before it goes out): a route added to the app is served
/// without a change here.
fn app_routes<H, T>(router: Router<AppState>, page: H) -> Router<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    page_paths()
        .iter()
        .fold(router, |router, path| router.route(path, get(page.clone())))
}

/// The app's page paths, listed once per process. Leptos lists them by running the app with
/// every resource suppressed, and that suppression is one flag for the whole process: a page
/// whose data was first asked for on another thread meanwhile waited forever (leptos issue
/// 4773). Listed once, before any router exists, no render can meet that window however many
/// routers a process builds (`tests/concurrent_routers.rs`).
fn page_paths() -> &'static [String] {
    static PATHS: OnceLock<Vec<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        leptos_axum::generate_route_list(app::App)
            .iter()
            .map(|listing| listing.path().to_string())
            .collect()
    })
}

/// The walk-in survey's QR code (`qr`), for this site's scheme.
async fn survey_qr(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    crate::qr::survey_qr(state.secure_cookies, &slug, &headers)
}

/// `POST /api/koreksi/{slug}` (see [`corrections`]): stored → back to the page's thanks (303);
/// refused → the form again (rendered by `page`, with what was typed and the problem named)
/// with the refusal's 4xx status; no such service → the not-found page (404).
async fn correction<P, F>(state: AppState, slug: String, req: Request, page: P) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    use app::domain::correction::Refusal;
    use corrections::Outcome;
    let cookie = req.headers().get(header::COOKIE).cloned();
    let base = format!("/layanan/{}/koreksi", app::domain::route::encode(&slug));
    let (refusal, draft, retry) = match corrections::submit(&state.corrections, &slug, req).await {
        Outcome::Sent => {
            let to = format!("{base}?terkirim=1");
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        }
        Outcome::Failed => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
        // The page of a service that is not there is the not-found page (404).
        Outcome::NoService => return render_get(&page, cookie, &base, None).await,
        Outcome::Limited(secs) => (Refusal::TooMany, Default::default(), Some(secs)),
        Outcome::Refused(r, draft) => (r, draft, None),
    };
    let uri = format!("{base}?gagal={}", refusal.code());
    let mut res = render_get(&page, cookie, &uri, Some(draft)).await;
    *res.status_mut() = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
    if let Some(secs) = retry {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// The page at `uri` as a `GET` in the language of `cookie`, rendered by `page`, with the typed
/// values of a refused correction (`draft`) for the form.
async fn render_get<P, F>(
    page: &P,
    cookie: Option<HeaderValue>,
    uri: &str,
    draft: Option<app::domain::correction::Draft>,
) -> Response
where
    P: Fn(Request) -> F,
    F: std::future::Future<Output = Response>,
{
    let mut get = Request::builder().uri(uri);
    if let Some(c) = cookie {
        get = get.header(header::COOKIE, c);
    }
    let Ok(mut get) = get.body(Body::empty()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(draft) = draft {
        get.extensions_mut().insert(draft);
    }
    page(get).await
}

async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (
                header::HeaderName::from_static("service-worker-allowed"),
                "/",
            ),
        ],
        state.sw.body.clone(),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct Next_ {
    next: Option<String>,
}

/// `/bahasa/en?next=/layanan/paspor`: remembers the language in a cookie and goes back. This is
/// the switch without JavaScript; with it, the app sets the same cookie itself.
async fn switch_language(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<Next_>,
) -> Response {
    let Some(lang) = Lang::from_code(&lang) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    // Only a path on this site, never another origin (`//evil`, `/\t/evil`, `https://…`).
    let next = q
        .next
        .as_deref()
        .and_then(app::domain::route::safe_next)
        .unwrap_or_else(|| "/".into());
    let cookie = app::domain::l10n::lang_cookie(lang, state.secure_cookies);
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, next)
        .header(header::SET_COOKIE, cookie)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `/provinsi/simpan?p=32&p=33` (the province page's form): keeps the provinces in the cookie
/// the phone's sync reads, and goes back to the page, which says it was saved. Like the
/// language, a choice of this browser only: nothing is stored on the server.
async fn save_provinces(
    State(state): State<AppState>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let chosen = app::api::provinces::chosen_in(query.as_deref().unwrap_or(""));
    let cookie = app::domain::sync::provinces_cookie(&chosen, state.secure_cookies);
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(
            header::LOCATION,
            format!("{}?tersimpan=1", app::api::provinces::PATH),
        )
        .header(header::SET_COOKIE, cookie)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Every server function's error is answered with its own status: Leptos answers any error 500
/// unless the function set a status (`AppError::sent`), and a function that forgets would tell
/// clients (and their retry logic) that the server failed when the client was refused. So a 500
/// whose body is an [`AppError`](app::error::AppError) other than `Internal` gets that error's
/// status (and `Retry-After` for a rate limit) here, once for all. This also covers arguments
/// that could not be read (missing fields, wrong types, not JSON): Leptos fails those before the
/// function runs, as `BadRequest`.
async fn error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
        if let app::error::AppError::RateLimited { retry_after_secs } = error {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The mark of a page drawn from the catalogue (read by `public/sw.js`).
pub const CATALOGUE_PAGE: (&str, &str) = ("x-loket-page", "catalogue");

/// Pages and API answers are revalidated every time (the service worker keeps the offline
/// copies); hashed assets are set above to live for a year. A page drawn from the catalogue is
/// marked `X-Loket-Page: catalogue`, so the worker drops its copy when the phone's catalogue
/// changes (the phone then renders it from its own, newer copy).
async fn cache_policy(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let from_catalogue = !is_api
        && app::domain::route::Route::parse(req.uri().path(), req.uri().query().unwrap_or(""))
            .from_catalogue();
    // The server's own application form shows a person's answers, PIN and receipt: never kept.
    let personal = req
        .uri()
        .path()
        .starts_with(app::domain::web_form::Door::Web.page());
    let mut res = next.run(req).await;
    if !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = if is_api || personal {
            "no-store"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    let vary_cookie = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if vary_cookie {
        // The page's language comes from the cookie.
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("Cookie"));
        if from_catalogue {
            res.headers_mut()
                .insert(CATALOGUE_PAGE.0, HeaderValue::from_static(CATALOGUE_PAGE.1));
        }
    }
    res
}

/// CSRF: a request that changes state under `/api/` (POST, PUT, PATCH, DELETE) and carries an
/// `Origin` header must come from this site (its host and port equal to the `Host` the request
/// was sent to); otherwise 403, before anything runs. Requests without `Origin` (not from a
/// browser page, or a same-origin `GET`) pass; session cookies are also `SameSite=Lax`.
async fn same_origin(State(https): State<bool>, req: Request, next: Next) -> Response {
    use axum::http::Method;
    let changes = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if changes && req.uri().path().starts_with("/api/") {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .or_else(|| req.uri().authority().map(|a| a.as_str()));
            if !is_same_site(origin.to_str().unwrap_or(""), host, https) {
                tracing::warn!(origin = ?origin, host = ?host, path = req.uri().path(), "refused a cross-site request");
                let body = serde_json::json!({
                    "error": "cross_site",
                    "message": {
                        "id": "Permintaan dari situs lain ditolak.",
                        "en": "Requests from another site are refused."
                    }
                });
                return (
                    StatusCode::FORBIDDEN,
                    [(header::CONTENT_TYPE, "application/json")],
                    body.to_string(),
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

/// True when `origin` (`scheme://host[:port]`) names `host` (the `Host` header) with the site's
/// scheme: `https` always; `http` only when the site is not served over HTTPS (`https` false),
/// so a plain-HTTP page of the same host (one a network attacker can write) cannot act on the
/// HTTPS site.
fn is_same_site(origin: &str, host: Option<&str>, https: bool) -> bool {
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://").filter(|_| !https));
    match (authority, host) {
        (Some(a), Some(h)) => !a.is_empty() && !a.contains('/') && a.eq_ignore_ascii_case(h),
        _ => false,
    }
}

/// Headers that keep the app from being framed, sniffed or made to load foreign scripts; behind
/// HTTPS (`https`: `--secure-cookies`), HSTS on every answer, so a browser never tries plain HTTP
/// (where a session cookie could be seen or planted) for a year.
async fn security_headers(State(https): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.entry(header::HeaderName::from_static(k))
            .or_insert(HeaderValue::from_static(v));
    };
    // Pages set their own policy with their nonce (app::ui::app::shell); everything else gets
    // the same policy with no inline script at all.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&app::ui::app::content_security_policy(None)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(
        h,
        "permissions-policy",
        "geolocation=(), microphone=(), camera=(self)",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
    if https {
        set(
            h,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    res
}
