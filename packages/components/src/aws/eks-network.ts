/**
 * The network of an EKS cluster: a VPC over two availability zones, public
 * subnets for load balancers and the NAT gateway, private subnets for nodes
 * (and the EFS mount targets) that reach the internet through the NAT gateway.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export const VPC_CIDR = "10.0.0.0/16";

/** The private subnets (nodes, pods with the VPC CNI, EFS mount targets), one per availability zone. */
export const PRIVATE_SUBNETS = ["10.0.128.0/19", "10.0.160.0/19"] as const;

export interface EksNetwork {
  vpc: aws.ec2.Vpc;
  /** For internet-facing load balancers and the NAT gateway. */
  publicSubnets: aws.ec2.Subnet[];
  /** For nodes, internal load balancers and EFS mount targets. */
  privateSubnets: aws.ec2.Subnet[];
}

/** Creates the network of cluster `name`; `child` makes the resources children of the cluster. */
export function eksNetwork(
  name: string,
  tags: Record<string, string>,
  child: pulumi.CustomResourceOptions,
): EksNetwork {
  const azs = aws.getAvailabilityZonesOutput({ state: "available" }, child);
  const vpc = new aws.ec2.Vpc(
    `${name}-vpc`,
    {
      cidrBlock: VPC_CIDR,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { ...tags, Name: `${name}-vpc` },
    },
    child,
  );
  const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags }, child);
  const publicRt = new aws.ec2.RouteTable(
    `${name}-public`,
    { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags },
    child,
  );
  const publicSubnets = [0, 1].map((i) => {
    const s = new aws.ec2.Subnet(
      `${name}-public-${i}`,
      {
        vpcId: vpc.id,
        cidrBlock: `10.0.${i * 16}.0/20`,
        availabilityZone: azs.names[i],
        mapPublicIpOnLaunch: false,
        tags: { ...tags, Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1" },
      },
      child,
    );
    new aws.ec2.RouteTableAssociation(
      `${name}-public-${i}`,
      { subnetId: s.id, routeTableId: publicRt.id },
      child,
    );
    return s;
  });
  const eip = new aws.ec2.Eip(`${name}-nat`, { domain: "vpc", tags }, child);
  const nat = new aws.ec2.NatGateway(
    `${name}-nat`,
    { allocationId: eip.id, subnetId: publicSubnets[0].id, tags },
    { ...child, dependsOn: [igw] },
  );
  const privateRt = new aws.ec2.RouteTable(
    `${name}-private`,
    { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags },
    child,
  );
  const privateSubnets = PRIVATE_SUBNETS.map((cidrBlock, i) => {
    const s = new aws.ec2.Subnet(
      `${name}-private-${i}`,
      {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: azs.names[i],
        tags: { ...tags, Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
      },
      child,
    );
    new aws.ec2.RouteTableAssociation(
      `${name}-private-${i}`,
      { subnetId: s.id, routeTableId: privateRt.id },
      child,
    );
    return s;
  });
  return { vpc, publicSubnets, privateSubnets };
}
