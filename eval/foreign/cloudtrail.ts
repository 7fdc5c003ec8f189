// AWS CloudTrail management events as a Vector pipeline delivers them from the trail's S3 files:
// each record whole, plus `timestamp` (eventTime, to the second), a `message` the remap composes,
// and `service_name` (the event source). There is no level. An access key of the CI deployer
// leaks: from a hosting address someone checks who they are, enumerates regions, tries to make
// an IAM user and starts GPU instances; once they hold the account's vCPU quota, the cluster
// autoscaler's own launches fail. A monitoring role's calls into an opt-in region are refused
// all day, as they always are.
import type { Scenario } from "../blind/types.js";
import { floorSec, HOUR, Incident, isoSec, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

interface Who {
  type: string;
  arn: string;
  principalId: string;
  accessKeyId?: string;
  userName?: string;
  session?: boolean;
}

export function cloudtrailLeakedKey(seed: number): Scenario {
  const name = "cloudtrail-leaked-access-key";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A leaked CI access key is used from a hosting address to enumerate regions, try IAM and launch GPU instances until the autoscaler's launches hit the vCPU quota, in CloudTrail records delivered with a composed message",
  );
  const t0 = startTime(rng, 7, 9);
  const span = rng.int(7 * 60, 8 * 60) * MIN;
  const end = t0 + span;
  const acct = String(rng.int(100000000000, 999999999999));
  const attackAt = t0 + Math.floor(span * rng.float(0.4, 0.65));
  const ciKey = `AKIA${rng.alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
  const attackerIp = `${rng.pick(["45.134.26", "185.191.171", "5.181.80"])}.${rng.int(2, 250)}`;
  const attackerUa = rng.pick([
    "aws-cli/1.16.312 Python/2.7.18 Linux/5.4.0-150-generic botocore/1.13.48",
    "Boto3/1.9.201 Python/3.8.10 Linux/5.15.0-91-generic Botocore/1.12.253",
  ]);

  const role = (r: string, s: string): Who => ({
    type: "AssumedRole",
    arn: `arn:aws:sts::${acct}:assumed-role/${r}/${s}`,
    principalId: `AROA${rng.alnum(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}:${s}`,
    accessKeyId: `ASIA${rng.alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
    session: true,
  });
  const ci: Who = {
    type: "IAMUser",
    arn: `arn:aws:iam::${acct}:user/ci-deployer`,
    principalId: `AIDA${rng.alnum(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
    accessKeyId: ciKey,
    userName: "ci-deployer",
  };

  const ev = (
    t: number,
    who: Who,
    source: string,
    nameOf: string,
    region: string,
    ip: string,
    ua: string,
    label: Label,
    opts: { readOnly?: boolean; params?: unknown; error?: [string, string]; response?: unknown } = {},
  ): void => {
    const ts = floorSec(t);
    const actor = who.userName ?? who.arn.split("/").slice(-2).join("/");
    inc.add(
      ts,
      {
        eventVersion: "1.09",
        userIdentity: {
          type: who.type,
          principalId: who.principalId,
          arn: who.arn,
          accountId: acct,
          ...(who.accessKeyId ? { accessKeyId: who.accessKeyId } : {}),
          ...(who.userName ? { userName: who.userName } : {}),
          ...(who.session
            ? {
                sessionContext: {
                  sessionIssuer: { type: "Role", arn: `arn:aws:iam::${acct}:role/${who.arn.split("/")[1]}`, accountId: acct, userName: who.arn.split("/")[1] },
                  attributes: { creationDate: isoSec(ts - rng.int(1, 50) * MIN), mfaAuthenticated: "false" },
                },
              }
            : {}),
        },
        eventTime: isoSec(ts),
        eventSource: source,
        eventName: nameOf,
        awsRegion: region,
        sourceIPAddress: ip,
        userAgent: ua,
        requestParameters: opts.params ?? null,
        responseElements: opts.error ? null : (opts.response ?? null),
        ...(opts.error ? { errorCode: opts.error[0], errorMessage: opts.error[1] } : {}),
        requestID: rng.uuid(),
        eventID: rng.uuid(),
        readOnly: opts.readOnly ?? /^(Get|List|Describe|Decrypt|Lookup)/.test(nameOf),
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: acct,
        eventCategory: "Management",
        tlsDetails: {
          tlsVersion: "TLSv1.3",
          cipherSuite: "TLS_AES_128_GCM_SHA256",
          clientProvidedHostHeader: `${source.split(".")[0]}.${region}.amazonaws.com`,
        },
        timestamp: isoSec(ts),
        message: `${nameOf} on ${source} by ${actor} from ${ip}${opts.error ? ` failed: ${opts.error[0]}` : ""}`,
        service_name: source,
      },
      label,
    );
  };

  const region = "eu-west-1";
  const vpcIps = (): string => rng.pick(["eks.amazonaws.com", "autoscaling.amazonaws.com", `10.40.${rng.int(0, 63)}.${rng.int(2, 250)}`]);
  // Workloads on EKS take credentials through IRSA and decrypt secrets through KMS.
  const pods = Array.from({ length: 24 }, () => `botocore-session-${rng.int(1700000000, 1799999999)}`);
  for (const t of times(rng, t0, end, rng.int(1300, 1600))) {
    const s = rng.pick(pods);
    const svc = rng.pick(["orders", "payments", "catalog", "search-indexer", "notifier", "reports"]);
    const who = role(`${svc}-irsa`, s);
    ev(
      t,
      who,
      "kms.amazonaws.com",
      "Decrypt",
      region,
      `10.40.${rng.int(0, 63)}.${rng.int(2, 250)}`,
      "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/kms#1.29.2",
      null,
      { params: { encryptionAlgorithm: "SYMMETRIC_DEFAULT", encryptionContext: { service: svc } } },
    );
  }
  for (const t of times(rng, t0, end, rng.int(350, 450))) {
    const svc = rng.pick(["orders", "payments", "catalog", "search-indexer", "notifier", "reports"]);
    ev(
      t,
      {
        type: "WebIdentityUser",
        arn: `arn:aws:sts::${acct}:assumed-role/${svc}-irsa/${rng.pick(pods)}`,
        principalId: `arn:aws:iam::${acct}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/${rng.hex(32).toUpperCase()}:system:serviceaccount:prod:${svc}`,
      },
      "sts.amazonaws.com",
      "AssumeRoleWithWebIdentity",
      region,
      vpcIps(),
      "aws-sdk-java/2.25.11 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10",
      null,
      { params: { roleArn: `arn:aws:iam::${acct}:role/${svc}-irsa`, roleSessionName: rng.pick(pods), durationSeconds: 3600 } },
    );
  }
  // The cluster autoscaler looks at the fleet every minute and launches now and then.
  const karpenter = role("karpenter-controller", `${rng.int(1700000000, 1799999999)}${rng.int(100000000, 999999999)}`);
  for (let t = t0 + rng.int(0, 59) * SEC; t < end; t += MIN) {
    ev(
      t,
      karpenter,
      "ec2.amazonaws.com",
      "DescribeInstances",
      region,
      `10.40.${rng.int(0, 63)}.${rng.int(2, 250)}`,
      "aws-sdk-go/1.51.4 (go1.22.1; linux; amd64) karpenter.sh-0.36.1",
      null,
      { params: { filterSet: { items: [{ name: "tag:karpenter.sh/nodepool", valueSet: { items: [{ value: "default" }] } }] } } },
    );
  }
  const quotaGone = attackAt + rng.int(12, 20) * MIN;
  for (const t of times(rng, t0, end, rng.int(14, 22))) {
    const failed = t > quotaGone;
    ev(
      t,
      karpenter,
      "ec2.amazonaws.com",
      "CreateFleet",
      region,
      `10.40.${rng.int(0, 63)}.${rng.int(2, 250)}`,
      "aws-sdk-go/1.51.4 (go1.22.1; linux; amd64) karpenter.sh-0.36.1",
      failed ? "error" : null,
      {
        params: {
          type: "instant",
          targetCapacitySpecification: { totalTargetCapacity: 1, defaultTargetCapacityType: "on-demand" },
          launchTemplateConfigs: [{ overrides: [{ instanceType: rng.pick(["m6i.2xlarge", "m6a.2xlarge", "c6i.4xlarge"]) }] }],
        },
        ...(failed
          ? {
              error: [
                "Client.VcpuLimitExceeded",
                "You have requested more vCPU capacity than your current vCPU limit of 256 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.",
              ] as [string, string],
            }
          : { response: { fleetId: `fleet-${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}` } }),
      },
    );
  }
  // The monitoring integration's tag scan reaches into an opt-in region it has no access to, every ten minutes.
  const dd = role("DatadogIntegrationRole", "DatadogAWSIntegration");
  for (let t = t0 + rng.int(0, 599) * SEC; t < end; t += 10 * MIN) {
    for (const r of ["eu-west-1", "us-east-1", "eu-central-1"])
      ev(t + rng.int(0, 20) * SEC, dd, "tagging.amazonaws.com", "GetResources", r, "3.215.50.13", "Datadog", null);
    ev(t + rng.int(21, 40) * SEC, dd, "tagging.amazonaws.com", "GetResources", "ap-east-1", "3.215.50.13", "Datadog", null, {
      error: ["UnrecognizedClientException", "The security token included in the request is invalid."],
    });
  }
  // The CI deployer deploys from the runners a few times a day.
  for (const t of times(rng, t0, end, rng.int(4, 7))) {
    const svc = rng.pick(["orders", "payments", "catalog", "notifier"]);
    const runner = `203.0.113.${rng.int(20, 30)}`;
    const ua = "aws-cli/2.15.40 Python/3.11.8 Linux/6.1.79 exe/x86_64.alpine.3 prompt/off command/ecs.update-service";
    ev(t, ci, "sts.amazonaws.com", "GetCallerIdentity", region, runner, ua, null);
    ev(t + 20 * SEC, ci, "ecr.amazonaws.com", "GetAuthorizationToken", region, runner, ua, null);
    ev(t + 90 * SEC, ci, "ecr.amazonaws.com", "PutImage", region, runner, ua, null, { params: { repositoryName: svc, imageTag: rng.hex(8) } });
    ev(t + 100 * SEC, ci, "ecs.amazonaws.com", "RegisterTaskDefinition", region, runner, ua, null, { params: { family: svc } });
    ev(t + 105 * SEC, ci, "ecs.amazonaws.com", "UpdateService", region, runner, ua, null, {
      params: { cluster: "prod", service: svc, forceNewDeployment: false },
    });
  }
  // People log in through SSO in the morning and click around.
  for (const t of times(rng, t0, t0 + 3 * HOUR, rng.int(8, 14))) {
    const user = rng.pick(["ana.souza", "tom.berg", "li.wei", "omar.haddad", "eva.nowak"]);
    const who = role("AWSReservedSSO_ReadOnly_3f2a9c1b7d", `${user}@acme.io`);
    const ip = `${rng.pick(["84.57", "91.64", "145.40"])}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
    const ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    ev(t, who, "signin.amazonaws.com", "ConsoleLogin", "us-east-1", ip, ua, null, { readOnly: false, response: { ConsoleLogin: "Success" } });
    for (let k = 0; k < rng.int(4, 12); k++)
      ev(
        t + rng.int(10, 1800) * SEC,
        who,
        rng.pick(["ec2.amazonaws.com", "rds.amazonaws.com", "cloudwatch.amazonaws.com", "eks.amazonaws.com"]),
        rng.pick(["DescribeInstances", "DescribeDBInstances", "DescribeAlarms", "DescribeCluster", "ListNodegroups"]),
        region,
        ip,
        ua,
        null,
      );
  }

  // The leaked key.
  {
    let t = attackAt;
    const step = (s: number): number => {
      t += s * SEC + rng.int(0, 900);
      return t;
    };
    ev(step(0), ci, "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", attackerIp, attackerUa, "pattern");
    ev(step(4), ci, "iam.amazonaws.com", "ListUsers", "us-east-1", attackerIp, attackerUa, "pattern", {
      error: [
        "AccessDenied",
        `User: arn:aws:iam::${acct}:user/ci-deployer is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${acct}:user/ because no identity-based policy allows the iam:ListUsers action`,
      ],
    });
    ev(step(3), ci, "iam.amazonaws.com", "GetAccountAuthorizationDetails", "us-east-1", attackerIp, attackerUa, "pattern", {
      error: [
        "AccessDenied",
        `User: arn:aws:iam::${acct}:user/ci-deployer is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: * because no identity-based policy allows the iam:GetAccountAuthorizationDetails action`,
      ],
    });
    ev(step(5), ci, "s3.amazonaws.com", "ListBuckets", "us-east-1", attackerIp, attackerUa, "pattern");
    ev(step(6), ci, "ec2.amazonaws.com", "DescribeRegions", "us-east-1", attackerIp, attackerUa, "pattern");
    const regions = [
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
      "ca-central-1",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "eu-central-1",
      "eu-north-1",
      "ap-south-1",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "sa-east-1",
    ];
    for (const r of regions) {
      ev(step(1), ci, "ec2.amazonaws.com", "DescribeInstances", r, attackerIp, attackerUa, "pattern");
      ev(step(0), ci, "servicequotas.amazonaws.com", "GetServiceQuota", r, attackerIp, attackerUa, "pattern", {
        params: { serviceCode: "ec2", quotaCode: "L-DB2E81BA" },
      });
    }
    ev(step(20), ci, "iam.amazonaws.com", "CreateUser", "us-east-1", attackerIp, attackerUa, "pattern", {
      params: { userName: "support-backup" },
      error: [
        "AccessDenied",
        `User: arn:aws:iam::${acct}:user/ci-deployer is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${acct}:user/support-backup because no identity-based policy allows the iam:CreateUser action`,
      ],
    });
    for (const r of [region, "ap-southeast-1", region]) {
      ev(step(15), ci, "ec2.amazonaws.com", "ImportKeyPair", r, attackerIp, attackerUa, "pattern", { params: { keyName: `k${rng.hex(6)}` } });
      ev(step(5), ci, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", r, attackerIp, attackerUa, "pattern", {
        params: {
          groupId: `sg-${rng.hex(17)}`,
          ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] },
        },
      });
      ev(step(8), ci, "ec2.amazonaws.com", "RunInstances", r, attackerIp, attackerUa, "pattern", {
        params: { instanceType: "g4dn.12xlarge", minCount: 8, maxCount: 8 },
        error: [
          "Client.VcpuLimitExceeded",
          "You have requested more vCPU capacity than your current vCPU limit of 256 allows for the instance bucket that the specified instance type belongs to.",
        ],
      });
      ev(step(12), ci, "ec2.amazonaws.com", "RunInstances", r, attackerIp, attackerUa, "pattern", {
        params: { instanceType: "c5.24xlarge", minCount: 2, maxCount: 2 },
        response: { reservationId: `r-${rng.hex(17)}`, instancesSet: { items: [{ instanceId: `i-${rng.hex(17)}` }, { instanceId: `i-${rng.hex(17)}` }] } },
      });
    }
  }
  return inc.finish();
}
