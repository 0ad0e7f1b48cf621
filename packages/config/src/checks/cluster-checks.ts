/**
 * Checks that a cluster config is one the components can honour: machine
 * types that exist, GPUs the cloud and region offer on that machine type,
 * pool bounds that make sense.
 */
import { CLOUD_CONFIGS, type Cluster, clusterRegion, lookupMachineType, machineTypesFile } from "../clouds";
import { type Loaded, where } from "../loaded";
import { didYouMean, formatPath, type Problem } from "../problems";

export function checkClusterCapabilities(loaded: Loaded<Cluster>): Problem[] {
  const c = loaded.config;
  if (!("nodePools" in c)) return [];
  const problems: Problem[] = [];
  const cloud = c.cloud;
  const region = clusterRegion(c);
  const machineTypes = CLOUD_CONFIGS[cloud].machineTypes ?? {};
  const known = Object.keys(machineTypes);

  // "Did you mean" stays within the kind of pool: a CPU type for core and user pools, a GPU type for GPU pools.
  const withGpu = known.filter((n) => machineTypes[n].gpu || machineTypes[n].attachableGpus);
  const withoutGpu = known.filter((n) => !machineTypes[n].gpu);
  const checkMachine = (p: (string | number)[], machineType: string, gpuPool = false) => {
    if (lookupMachineType(cloud, machineType)) return true;
    const s = didYouMean(machineType, gpuPool ? withGpu : withoutGpu);
    problems.push({
      ...where(loaded, p),
      message: `unknown ${cloud} machine type "${machineType}"${s ? `; did you mean "${s}"?` : ""} (known types are listed in ${machineTypesFile(cloud)})`,
    });
    return false;
  };
  const checkBounds = (p: (string | number)[], min: number, max: number) => {
    if (min > max) {
      problems.push({
        ...where(loaded, [...p, "min"]),
        message: `min (${min}) is above max (${max}): make min at most max`,
      });
    }
  };

  const pools = c.nodePools;
  checkMachine(["nodePools", "core", "machineType"], pools.core.machineType);
  checkBounds(["nodePools", "core"], pools.core.min, pools.core.max);
  const names = new Map<string, string>();
  const checkName = (p: (string | number)[], name: string) => {
    const prev = names.get(name);
    if (prev)
      problems.push({
        ...where(loaded, [...p, "name"]),
        message: `node pool name "${name}" is already used by ${prev}`,
      });
    else names.set(name, formatPath(p));
  };
  pools.user.forEach((pool, i) => {
    const p = ["nodePools", "user", i];
    checkName(p, pool.name);
    const mt = lookupMachineType(cloud, pool.machineType);
    if (checkMachine([...p, "machineType"], pool.machineType) && mt?.gpu) {
      problems.push({
        ...where(loaded, [...p, "machineType"]),
        message: `"${pool.machineType}" carries a GPU: declare it under nodePools.gpu with its accelerator`,
      });
    }
    checkBounds(p, pool.min, pool.max);
  });
  pools.gpu.forEach((pool, i) => {
    const p = ["nodePools", "gpu", i];
    checkName(p, pool.name);
    checkBounds(p, pool.min, pool.max);
    const offered = CLOUD_CONFIGS[cloud].gpus ?? {};
    const type = pool.accelerator.type;
    if (!Object.hasOwn(offered, type)) {
      const s = didYouMean(type, Object.keys(offered));
      problems.push({
        ...where(loaded, [...p, "accelerator", "type"]),
        message: `${cloud} offers no GPU "${type}"${s ? `; did you mean "${s}"?` : ""} (${cloud} GPUs: ${Object.keys(offered).join(", ")})`,
      });
      return;
    }
    const regions = offered[type].regions;
    if (regions && !regions.includes(region)) {
      problems.push({
        ...where(loaded, [...p, "accelerator", "type"]),
        message: `${type} is not offered in ${region}; regions with it: ${regions.join(", ")}`,
      });
      return;
    }
    const mt = lookupMachineType(cloud, pool.machineType);
    if (!checkMachine([...p, "machineType"], pool.machineType, true) || !mt) return;
    const fits = mt.gpu
      ? mt.gpu.type === type && mt.gpu.count === pool.accelerator.count
      : (mt.attachableGpus ?? []).includes(type);
    if (!fits) {
      const carriers = Object.entries(machineTypes)
        .filter(([, m]) => m.gpu?.type === type || m.attachableGpus?.includes(type))
        .map(([n]) => n);
      problems.push({
        ...where(loaded, [...p, "machineType"]),
        message: mt.gpu
          ? `"${pool.machineType}" carries ${mt.gpu.count} ${mt.gpu.type}, not ${pool.accelerator.count} ${type}; machine types with ${type}: ${carriers.join(", ")}`
          : `"${pool.machineType}" cannot carry ${type}; machine types with ${type}: ${carriers.join(", ")}`,
      });
    }
  });
  return problems;
}
