"""
Loads hubs' chart values the way the z2jh 4.4.0 hub pod does, with the hub image's own packages
(requirements.txt: JupyterHub 5.5.0, KubeSpawner 7.0.0, OAuthenticator 17.4.0, ...), and reports
one JSON line per hub: {"hub", "ok", "problems", "warnings", "checked"}.

    python hub-config-check.py --chart <jupyterhub chart folder> --helm <helm> --hubs hubs.json

hubs.json: [{"hub": "<label>", "release": "<release name>", "namespace": "<ns>", "kubeVersion": "1.34",
"values": {...}}] (kubeVersion: the cluster's, for the chart's kubeVersion range; Helm's own default
is older than z2jh 4.4.0 accepts).

For each hub, in a process of its own (forked after the heavy imports, so nothing leaks between hubs):

1. `helm template` renders the chart's hub Secret, ConfigMap, Deployment and Services with the
   values: the files the pod mounts at /usr/local/etc/jupyterhub/ (secret/values.yaml, the secret
   keys, config/<name> of every resource name, and jupyterhub_config.py and z2jh.py themselves,
   which the ConfigMap carries verbatim from the chart's files/hub/) and the hub container's
   environment (its env list, with the Secret's values; Kubernetes' <SERVICE>_SERVICE_HOST/_PORT
   variables of the release's Services, as the kubelet sets them).
2. z2jh.py is imported from those files unmodified; only its two module globals `open` and `os`
   are replaced by versions that read /usr/local/etc/jupyterhub/... from the temporary folder
   (z2jh.py builds those paths itself and has no setting for them). jupyterhub_config.py runs
   unmodified, as `jupyterhub --config` runs it: through `JupyterHub.initialize()`, which loads it
   (and with it every hub.extraConfig, executed by jupyterhub_config.py), validates every trait,
   instantiates the authenticator (its own checks, `check_allow_config`), the proxy, services and
   roles (scopes), the users and groups. Differences from the pod, all on the command line, which
   traitlets applies after the config file: the database is in memory (`--JupyterHub.db_url=sqlite://`;
   the pod's is a file on its volume) and nothing listens (`start()` is never called).
3. "not recognized" warnings of traitlets (an unknown trait in hub.config or extraConfig) and
   config sections that name no Configurable class of the image are problems: JupyterHub would
   only log them and ignore the setting.
4. For every profile of singleuser.profileList and every choice of its profile_options (and an
   unlisted choice when enabled), a KubeSpawner of a check user is prepared the way JupyterHub 5.5.0
   `User.spawn` and KubeSpawner 7.0.0 `_start` prepare one (jupyterhub/user.py, kubespawner/spawner.py
   at their tags): user_options, apply_group_overrides, pre_spawn_hook, load_user_options (which
   applies the profile's and the choice's kubespawner_override: a wrong type is a TraitError), the
   PVC and pod manifests and modify_pod_hook. KubeSpawner sets an override key that is no trait as
   a plain attribute, silently; that is a problem here. The Kubernetes client is never configured
   nor called (load_config and shared_client are replaced by stand-ins that refuse every call).
"""

import argparse
import asyncio
import base64
import copy
import importlib.util
import json
import logging
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import traceback
import types
from importlib.metadata import version

import yaml

MOUNT = "/usr/local/etc/jupyterhub/"
CHECK_USER = "hubnet-config-check"
SHOW = [
    "templates/hub/secret.yaml",
    "templates/hub/configmap.yaml",
    "templates/hub/deployment.yaml",
    "templates/hub/service.yaml",
    "templates/proxy/service.yaml",
]


class Problem(Exception):
    pass


class Capture(logging.Handler):
    """Every warning and error logged while a hub loads."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        try:
            self.records.append(record.getMessage())
        except Exception:  # a record that cannot format itself is still a record
            self.records.append(str(record.msg))


def render(helm, chart, hub, workdir):
    values_file = os.path.join(workdir, "values.json")
    with open(values_file, "w") as f:
        json.dump(hub["values"], f)
    cmd = [helm, "template", hub["release"], chart, "--namespace", hub["namespace"], "--values", values_file]
    if hub.get("kubeVersion"):
        cmd += ["--kube-version", hub["kubeVersion"]]
    for s in SHOW:
        cmd += ["--show-only", s]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise Problem(f"helm template failed: {r.stderr.strip()}")
    return [d for d in yaml.safe_load_all(r.stdout) if d]


def materialize(objects, hub, root):
    """The pod's /usr/local/etc/jupyterhub/ under root, and the hub container's environment."""
    secret = next(o for o in objects if o["kind"] == "Secret")
    configmap = next(o for o in objects if o["kind"] == "ConfigMap")
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    secret_data = {k: base64.b64decode(v).decode() for k, v in (secret.get("data") or {}).items()}
    secret_data.update(secret.get("stringData") or {})
    os.makedirs(os.path.join(root, "secret"))
    os.makedirs(os.path.join(root, "config"))
    for k, v in secret_data.items():
        with open(os.path.join(root, "secret", k), "w") as f:
            f.write(v)
    for k, v in configmap["data"].items():
        with open(os.path.join(root, "config", k), "w") as f:
            f.write(v)
    # jupyterhub_config.py and z2jh.py are mounted from the ConfigMap at MOUNT (subPath mounts).
    for name in ("jupyterhub_config.py", "z2jh.py"):
        with open(os.path.join(root, name), "w") as f:
            f.write(configmap["data"][name])

    env = {}
    # The kubelet's service variables for the Services of the release (their cluster IPs are unknown
    # offline: one documentation address stands in).
    for svc in (o for o in objects if o["kind"] == "Service"):
        prefix = svc["metadata"]["name"].upper().replace("-", "_")
        ports = svc["spec"].get("ports") or []
        env[f"{prefix}_SERVICE_HOST"] = "192.0.2.10"
        if ports:
            env[f"{prefix}_SERVICE_PORT"] = str(ports[0]["port"])
        for p in ports:
            if p.get("name"):
                env[f"{prefix}_SERVICE_PORT_{p['name'].upper().replace('-', '_')}"] = str(p["port"])
    container = next(c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == "hub")
    for e in container.get("env") or []:
        if "value" in e:
            env[e["name"]] = str(e["value"])
            continue
        src = e.get("valueFrom") or {}
        if "fieldRef" in src:
            field = src["fieldRef"]["fieldPath"]
            env[e["name"]] = {"metadata.namespace": hub["namespace"], "metadata.name": "hub-0"}.get(field, "stand-in")
        elif "secretKeyRef" in src:
            ref = src["secretKeyRef"]
            if ref["name"] == secret["metadata"]["name"]:
                env[e["name"]] = secret_data[ref["key"]]
            else:
                # A Secret outside the chart (an OAuth client secret): a stand-in of the same kind.
                env[e["name"]] = "stand-in-" + "0" * 32
        else:
            env[e["name"]] = "stand-in"
    return env


def z2jh_module(root):
    """z2jh.py as the pod imports it, reading MOUNT from root (its own code unmodified)."""
    spec = importlib.util.spec_from_file_location("z2jh", os.path.join(root, "z2jh.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    def here(p):
        p = os.fspath(p)
        return os.path.join(root, p[len(MOUNT) :]) if p.startswith(MOUNT) else p

    shim_path = types.SimpleNamespace(**{k: getattr(os.path, k) for k in dir(os.path) if not k.startswith("__")})
    shim_path.exists = lambda p: os.path.exists(here(p))
    shim_os = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    shim_os.path = shim_path
    mod.os = shim_os  # z2jh.py's `os.path.exists(path)` and `os.environ`
    mod.open = lambda p, *a, **k: open(here(p), *a, **k)  # its `open(path)`
    sys.modules["z2jh"] = mod
    return mod


class NoKubernetesAPI:
    """Stands in for kubernetes_asyncio clients: the check never contacts a Kubernetes API."""

    def __init__(self, name):
        self.name = name

    def __getattr__(self, attr):
        raise RuntimeError(f"the config check does not call the Kubernetes API ({self.name}.{attr})")


def configurable_class_names():
    """Names of every traitlets Configurable class of the image's packages (what a config section may name)."""
    from importlib.metadata import entry_points

    from traitlets.config import Configurable

    for group in ("jupyterhub.authenticators", "jupyterhub.spawners", "jupyterhub.proxies"):
        for ep in entry_points(group=group):
            try:
                ep.load()
            except Exception:
                pass
    names = set()
    todo = [Configurable]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def choices_of(profile):
    """user_options for a profile: its defaults, each listed choice, and an unlisted choice when enabled."""
    slug = profile["slug"]
    runs = [({"profile": slug}, f"profile {slug}")]
    for name, option in (profile.get("profile_options") or {}).items():
        for choice in option.get("choices") or {}:
            runs.append(({"profile": slug, name: choice}, f"profile {slug}, {name}={choice}"))
        unlisted = option.get("unlisted_choice") or {}
        if unlisted.get("enabled"):
            sample = "quay.io/jupyter/base-notebook:2025-11-03"
            regex = unlisted.get("validation_regex")
            if not regex or re.match(regex, sample):
                runs.append(
                    ({"profile": slug, f"{name}--unlisted-choice": sample}, f"profile {slug}, {name} unlisted {sample}")
                )
    return runs


async def check_spawns(app, problems, checked, default_env):
    from jupyterhub import orm
    from jupyterhub.utils import maybe_future
    from kubernetes_asyncio.client import ApiClient

    names = {}
    serializer = ApiClient()  # only to turn manifests into JSON, as KubeSpawner does before sending them
    # The profiles as the values declare them (z2jh.py's view of singleuser.profileList): an
    # extraConfig may replace KubeSpawner.profile_list by a callable offering each user a subset;
    # every declared profile is still applied here.
    declared = sys.modules["z2jh"].get_config("singleuser.profileList") or []

    def new_spawner(admin):
        name = f"{CHECK_USER}-{'admin' if admin else 'user'}"
        if name not in names:
            orm_user = orm.User(name=name, admin=admin)
            app.db.add(orm_user)
            app.db.commit()
            names[name] = orm_user
        user = app.users[names[name]]
        spawner = user._new_spawner("")
        spawner.api_token = "stand-in-api-token-" + "0" * 24
        return spawner

    async def spawn(options, label, admin, profile_list=None):
        spawner = new_spawner(admin)
        spawner.user_options = copy.deepcopy(options)
        await maybe_future(spawner.apply_group_overrides())
        await maybe_future(spawner._run_apply_user_options(spawner.user_options))
        await maybe_future(spawner.run_pre_spawn_hook())
        if profile_list is not None:
            # KubeSpawner.load_user_options with the declared list in place of a callable's subset.
            initialized = spawner._get_initialized_profile_list(profile_list)
            spawner._validate_user_options(initialized)
            profile = spawner._get_profile(options.get("profile"), initialized)
            overrides = [("kubespawner_override", profile.get("kubespawner_override") or {})]
            for oname, option in (profile.get("profile_options") or {}).items():
                choice = options.get(oname)
                if choice:
                    overrides.append((f"{oname}={choice}", option["choices"][choice].get("kubespawner_override") or {}))
            for place, override in overrides:
                for key in override:
                    if not spawner.has_trait(key):
                        problems.append(
                            f"{label}: {place}: KubeSpawner 7.0.0 has no trait {key!r} (it would be set as a "
                            "plain attribute and have no effect)"
                        )
            try:
                spawner._load_profile(options.get("profile"), initialized)
            except Exception as e:
                # KubeSpawner's message rarely names the trait: find the override that fails alone.
                for place, override in overrides:
                    for key, value in override.items():
                        try:
                            probe = new_spawner(admin)
                            probe._apply_overrides({key: copy.deepcopy(value)})
                        except Exception as alone:
                            raise Problem(
                                f"{place}.{key} = {value!r}: {type(alone).__name__}: {alone}"
                            ) from e
                raise
        else:
            await spawner.load_user_options()
        if spawner.storage_pvc_ensure:
            serializer.sanitize_for_serialization(spawner.get_pvc_manifest())
        pod = await spawner.get_pod_manifest()
        if label == "default server" and not admin:
            container = pod.spec.containers[0]
            default_env.update({e.name: e.value for e in container.env or [] if e.value is not None})
        if spawner.modify_pod_hook:
            pod = await maybe_future(spawner.modify_pod_hook(spawner, pod))
        serializer.sanitize_for_serialization(pod)
        checked["spawns"] += 1

    async def guarded(options, label, admin, profile_list=None):
        try:
            await spawn(options, label, admin, profile_list)
        except Problem as e:
            problems.append(f"{label}{' (admin)' if admin else ''}: {e}")
        except Exception as e:
            problems.append(f"{label}{' (admin)' if admin else ''}: {type(e).__name__}: {e}{where(e)}")

    # The default server of a user and of an admin, exactly as configured (callable profile_list included).
    for admin in (False, True):
        await guarded({}, "default server", admin)
    if declared:
        for profile in new_spawner(False)._get_initialized_profile_list(declared):
            checked["profiles"] += 1
            for options, label in choices_of(profile):
                await guarded(options, label, False, declared)
    # The spawn form renders (KubeSpawner's Jinja template over the profiles a user is offered).
    for admin in (False, True):
        try:
            await new_spawner(admin).get_options_form()
        except Exception as e:
            problems.append(f"spawn form{' (admin)' if admin else ''}: {type(e).__name__}: {e}{where(e)}")
    await serializer.close()


def where(e):
    """The innermost line of the hub's own configuration an error came from, if any."""
    for f in reversed(traceback.extract_tb(e.__traceback__)):
        if f.filename == "<string>":
            return f" (in a hub.extraConfig, line {f.lineno}: {f.line or ''})".replace(": )", ")")
        if f.filename.endswith("jupyterhub_config.py"):
            return f" (in jupyterhub_config.py, line {f.lineno}: {f.line})"
    return ""


def check_hub(args, hub):
    problems, warnings = [], []
    checked = {"spawns": 0, "profiles": 0, "extraConfig": 0}
    default_env = {}
    capture = Capture()
    # Every logger's records, whatever handlers traitlets configures later (Application replaces the
    # JupyterHub logger's handlers with logging.config.dictConfig): this process is this hub's alone.
    call_handlers = logging.Logger.callHandlers

    def call_and_capture(logger, record):
        if record.levelno >= logging.WARNING:
            capture.emit(record)
        call_handlers(logger, record)

    logging.Logger.callHandlers = call_and_capture
    with tempfile.TemporaryDirectory(prefix="hubnet-hub-config-") as work:
        try:
            objects = render(args.helm, args.chart, hub, work)
            root = os.path.join(work, "etc")
            env = materialize(objects, hub, root)
            os.environ.update(env)
            z2jh_module(root)
            checked["extraConfig"] = len((hub["values"].get("hub") or {}).get("extraConfig") or {})
            os.chdir(work)  # the pod's working folder is /srv/jupyterhub: relative files land here

            import kubespawner.spawner as ks
            from jupyterhub.app import JupyterHub

            ks.load_config = lambda **kw: None
            ks.shared_client = lambda name, *a, **k: NoKubernetesAPI(name)

            # The global instance, as `jupyterhub` (launch_instance) makes it: CryptKeeper and
            # other singletons take their config from JupyterHub.instance().
            app = JupyterHub.instance()

            async def run():
                # argv: what differs from the pod (traitlets applies the command line after the file).
                await app.initialize(
                    [
                        f"--config={os.path.join(root, 'jupyterhub_config.py')}",
                        "--JupyterHub.db_url=sqlite://",
                    ]
                )
                known = configurable_class_names()
                for section in app.config:
                    if section[:1].isupper() and section not in known:
                        problems.append(
                            f"config section {section}: no Configurable class of that name in the hub image "
                            "(its settings would be ignored)"
                        )
                await check_spawns(app, problems, checked, default_env)

            asyncio.run(run())
        except SystemExit as e:
            problems.append(f"the hub exits while loading its configuration (exit {e.code})")
        except Problem as e:
            problems.append(str(e))
        except Exception as e:
            problems.append(f"{type(e).__name__}: {e}{where(e)}")
    for msg in capture.records:
        # An unknown setting is ignored by the hub, and an authenticator without any allow rule lets
        # nobody in (JupyterHub 5's check_allow_config): both only logged by the hub, problems here.
        if "not recognized by" in msg or msg.startswith("No allow config found"):
            problems.append(f"hub configuration: {msg.splitlines()[0]}")
        else:
            warnings.append(msg)
    problems = list(dict.fromkeys(problems))  # one line per problem, in order (profiles share overrides)
    return {
        "hub": hub["hub"],
        "ok": not problems,
        "problems": problems,
        "warnings": warnings,
        "checked": checked,
        "versions": {p: version(p) for p in ("jupyterhub", "jupyterhub-kubespawner", "oauthenticator", "traitlets")},
        "defaultPodEnv": default_env,
    }


def child(conn, args, hub):
    # What the hub prints (jupyterhub_config.py's "Loading ..." lines, its log) never reaches the
    # JSON lines on stdout: to stderr with --verbose, else nowhere. Results go through the pipe.
    sink = os.open(os.devnull, os.O_WRONLY) if not args.verbose else 2
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    try:
        result = check_hub(args, hub)
    except BaseException as e:  # noqa: BLE001 - reported, never lost
        result = {"hub": hub["hub"], "ok": False, "problems": [f"check crashed: {e!r}"], "warnings": [], "checked": {}}
    conn.send(result)
    conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chart", required=True)
    parser.add_argument("--helm", required=True)
    parser.add_argument("--hubs", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", action="store_true", help="the hubs' own output on stderr")
    args = parser.parse_args()
    with open(args.hubs) as f:
        hubs = json.load(f)
    # The heavy imports once; each hub runs in a fork of this process.
    import jupyterhub.app  # noqa: F401
    import kubespawner  # noqa: F401
    import oauthenticator  # noqa: F401

    ctx = multiprocessing.get_context("fork")
    pending = list(hubs)
    running = []
    while pending or running:
        while pending and len(running) < max(1, args.jobs):
            hub = pending.pop(0)
            parent, kid = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=child, args=(kid, args, hub))
            proc.start()
            kid.close()
            running.append((hub, proc, parent))
        hub, proc, parent = running.pop(0)
        try:
            result = parent.recv() if parent.poll(300) else None
        except EOFError:
            result = None
        proc.join(10)
        if proc.is_alive():
            proc.kill()
        if result is None:
            result = {"hub": hub["hub"], "ok": False, "problems": [f"check process ended without a result (exit {proc.exitcode})"], "warnings": [], "checked": {}}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
