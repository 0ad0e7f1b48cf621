/**
 * The network of an EKS cluster: a VPC over two availability zones, public
 * subnets for load balancers and the NAT gateways, private subnets for nodes
 * (and the EFS mount targets) that reach the internet through their zone's NAT
 * gateway (one per zone: a zone's outage or a NAT gateway's limits never cut
 * the other zone off, and image pulls leave through two addresses, not one),
 * and an S3 gateway endpoint on the private route tables, so bucket traffic
 * and ECR's image layers (stored in S3) skip the NAT gateways
 * (AWS docs, "Gateway endpoints for Amazon S3"; EKS best practices, "Cost optimization: networking").
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

/** The S3 gateway endpoint's service in `region`. */
export function s3GatewayService(region: string): string {
  return `com.amazonaws.${region}.s3`;
}

/** Creates the network of cluster `name` in `region`; `child` makes the resources children of the cluster. */
export function eksNetwork(
  name: string,
  region: string,
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
  // One NAT gateway and private route table per zone; zone 0 keeps the former single ones (aliases).
  const zoneName = (base: string, i: number) => (i === 0 ? base : `${base}-${i}`);
  const privateRts = publicSubnets.map((pub, i) => {
    const eip = new aws.ec2.Eip(zoneName(`${name}-nat`, i), { domain: "vpc", tags }, child);
    const nat = new aws.ec2.NatGateway(
      zoneName(`${name}-nat`, i),
      { allocationId: eip.id, subnetId: pub.id, tags },
      { ...child, dependsOn: [igw] },
    );
    return new aws.ec2.RouteTable(
      zoneName(`${name}-private`, i),
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags },
      child,
    );
  });
  new aws.ec2.VpcEndpoint(
    `${name}-s3`,
    {
      vpcId: vpc.id,
      serviceName: s3GatewayService(region),
      vpcEndpointType: "Gateway",
      routeTableIds: privateRts.map((rt) => rt.id),
      tags: { ...tags, Name: `${name}-s3` },
    },
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
      { subnetId: s.id, routeTableId: privateRts[i].id },
      child,
    );
    return s;
  });
  return { vpc, publicSubnets, privateSubnets };
}
