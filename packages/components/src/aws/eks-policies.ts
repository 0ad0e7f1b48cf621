/** IAM documents of an EKS cluster and its hubs, as pure functions. */
import { serviceAccountSubject } from "../cluster/naming";

export function servicePrincipalTrust(service: string) {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/**
 * IRSA trust: only the named Kubernetes service account (`system:serviceaccount:<ns>:<sa>`) may
 * assume the role, through the cluster's OIDC provider. Used for the cluster's own roles
 * (cluster-autoscaler, EFS CSI driver) and for every hub's role.
 */
export function irsaTrust(
  oidcProviderArn: string,
  issuerUrl: string,
  namespace: string,
  serviceAccount: string,
) {
  const host = issuerUrl.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${host}:sub`]: serviceAccountSubject(namespace, serviceAccount),
            [`${host}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** What cluster-autoscaler may do: read groups everywhere, resize only this cluster's groups. */
export function clusterAutoscalerPolicy(clusterName: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: {
          StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        },
      },
    ],
  };
}
