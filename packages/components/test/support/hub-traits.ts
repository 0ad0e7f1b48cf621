/**
 * Option names accepted by the traitlets classes hubnet writes into
 * `hub.config`, and KubeSpawner profile keys and traits used in profileList
 * (OAuthenticator 17, JupyterHub 5, KubeSpawner 7 documentation). The z2jh
 * schema does not look inside these free-form blocks; these tables do.
 */
const OAUTH_COMMON = [
  "client_id",
  "client_secret",
  "oauth_callback_url",
  "scope",
  "allow_all",
  "allow_existing_users",
  "allowed_users",
  "admin_users",
  "login_service",
  "username_claim",
  "manage_groups",
  "admin_groups",
  "allowed_groups",
  "auth_state_groups_key",
  "enable_auth_state",
  "refresh_pre_spawn",
  "authorize_url",
  "token_url",
  "userdata_url",
];

export const TRAITLETS_OPTIONS: Record<string, string[]> = {
  JupyterHub: [
    "authenticator_class",
    "template_vars",
    "template_paths",
    "concurrent_spawn_limit",
    "active_server_limit",
  ],
  Authenticator: [
    "allowed_users",
    "admin_users",
    "enable_auth_state",
    "allow_all",
    "allow_existing_users",
    "manage_groups",
  ],
  CryptKeeper: ["keys", "n_threads"],
  DummyAuthenticator: ["password"],
  GitHubOAuthenticator: [
    ...OAUTH_COMMON,
    "allowed_organizations",
    "populate_teams_in_auth_state",
    "github_url",
  ],
  CILogonOAuthenticator: [...OAUTH_COMMON, "allowed_idps", "shown_idps", "skin", "cilogon_host"],
  GoogleOAuthenticator: [
    ...OAUTH_COMMON,
    "hosted_domain",
    "allowed_google_groups",
    "admin_google_groups",
    "include_granted_scopes",
  ],
  GenericOAuthenticator: [
    ...OAUTH_COMMON,
    "claim_groups_key",
    "userdata_params",
    "userdata_token_method",
    "basic_auth",
    "logout_redirect_url",
  ],
};

/** Keys of one `allowed_idps` entry of CILogonOAuthenticator. */
export const CILOGON_IDP_KEYS = ["username_derivation", "allowed_domains", "allow_all", "default"];
export const CILOGON_USERNAME_DERIVATION_KEYS = ["username_claim", "action", "domain", "prefix"];

export const PROFILE_KEYS = [
  "display_name",
  "slug",
  "description",
  "default",
  "kubespawner_override",
  "profile_options",
];
export const PROFILE_OPTION_KEYS = ["display_name", "choices", "unlisted_choice"];
export const CHOICE_KEYS = ["display_name", "default", "kubespawner_override"];

/** KubeSpawner traits hubnet may override per profile or choice. */
export const KUBESPAWNER_TRAITS = [
  "image",
  "cpu_guarantee",
  "cpu_limit",
  "mem_guarantee",
  "mem_limit",
  "node_selector",
  "tolerations",
  "extra_resource_limits",
  "extra_resource_guarantees",
  "node_affinity_required",
  "node_affinity_preferred",
  "environment",
  "volumes",
  "volume_mounts",
  "default_url",
  "extra_labels",
];
