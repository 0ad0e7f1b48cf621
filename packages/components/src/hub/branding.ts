/**
 * Login and page branding: two small templates that extend JupyterHub's own,
 * mounted with hub.extraFiles, and their variables in hub.templateVars
 * (`JupyterHub.template_vars`). Jinja autoescapes the variables; the announcement banner replaces
 * JupyterHub's, which would render its text as HTML.
 */
import type { Community } from "@hubnet/config";

export const TEMPLATE_DIR = "/usr/local/share/jupyterhub/hubnet-templates";

export const PLATFORM_OPERATOR = { text: "hubnet", url: "https://hubnet.cloud" };

const LOGIN_HTML = `{% extends "templates/login.html" %}
{% block login_widget %}{% endblock %}
{% block main %}
<div class="text-center hubnet-branding">
  {% if hubnet.logo_url %}<a href="{{ hubnet.homepage_url or '#' }}"><img src="{{ hubnet.logo_url }}" alt="" style="max-height:80px"></a>{% endif %}
  <h1>{{ hubnet.display_name }}</h1>
</div>
{{ super() }}
<p class="text-center small">
  {% if hubnet.funded_by %}Funded by {% if hubnet.funded_by.url %}<a href="{{ hubnet.funded_by.url }}">{{ hubnet.funded_by.text }}</a>{% else %}{{ hubnet.funded_by.text }}{% endif %}.{% endif %}
  Operated by <a href="{{ hubnet.operated_by.url }}">{{ hubnet.operated_by.text }}</a>.
</p>
{% endblock %}
`;

const PAGE_HTML = `{% extends "templates/page.html" %}
{% block announcement %}
{% if hubnet.announcement %}<div class="container text-center announcement alert alert-warning">{{ hubnet.announcement }}</div>{% endif %}
{% endblock announcement %}
{% block logo %}
{% if hubnet.logo_url %}<img src="{{ hubnet.logo_url }}" alt="{{ hubnet.display_name }}" class="jpy-logo" title="{{ hubnet.display_name }}">{% else %}{{ super() }}{% endif %}
{% endblock %}
`;

export function templateVars(community: Community) {
  const b = community.branding ?? {};
  return {
    hubnet: {
      display_name: community.displayName,
      logo_url: b.logoUrl ?? null,
      homepage_url: b.homepageUrl ?? null,
      funded_by: b.fundedBy ?? null,
      operated_by: b.operatedBy ?? PLATFORM_OPERATOR,
      // Plain text: JupyterHub's own announcement block renders HTML (`| safe`), this one escapes it.
      announcement: b.announcement ?? null,
    },
  };
}

/** hub.extraFiles, hub.templatePaths and hub.templateVars. */
export function brandingValues(community: Community) {
  return {
    extraFiles: {
      "hubnet-login-template": { mountPath: `${TEMPLATE_DIR}/login.html`, stringData: LOGIN_HTML },
      "hubnet-page-template": { mountPath: `${TEMPLATE_DIR}/page.html`, stringData: PAGE_HTML },
    },
    templatePaths: [TEMPLATE_DIR],
    templateVars: templateVars(community),
  };
}
