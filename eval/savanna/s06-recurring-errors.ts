/**
 * s06: an online-learning platform (.NET services logging with Serilog's compact JSON
 * formatter). Normal traffic has information and warning events but no error at all; five
 * distinct failures (grade passback 401s, a quiz renderer null reference, blob permission
 * errors, duplicate enrollments, FCM sender mismatch) each recur 15-30 times, scattered.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { HOUR, MIN, Timeline, arrivals, isoUs, pad, spanId, traceId, uuid, type Label, type Log } from "./common.js";

const NAME = "recurring-errors";

export function s06RecurringErrors(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(3, 5) * HOUR + rng.int(0, 50) * MIN;
  const start = rng.start2026(span, 6, 14);
  const end = start + span;
  const tl = new Timeline();

  const machines: Record<string, string[]> = {
    "Lms.Api": ["lms-api-0", "lms-api-1", "lms-api-2"],
    "Lms.GradingWorker": ["lms-grading-0", "lms-grading-1"],
    "Lms.Notifications": ["lms-notify-0"],
    "Lms.MediaService": ["lms-media-0", "lms-media-1"],
  };
  const courses = Array.from({ length: 80 }, () => rng.int(1000, 9999));
  const user = (): number => rng.int(100_000, 480_000);

  /** .NET round-trip stamp, seven fractional digits. */
  const netTime = (t: number): string => `${isoUs(t).slice(0, 26)}${rng.int(0, 9)}Z`;
  const serilog = (t: number, app: string, level: string | null, mt: string, props: Log, ex?: string, renderings?: string[]): Log => {
    const log: Log = { "@t": netTime(t), "@mt": mt };
    if (renderings) log["@r"] = renderings;
    if (level) log["@l"] = level;
    if (ex !== undefined) log["@x"] = ex;
    log["@tr"] = traceId(rng);
    log["@sp"] = spanId(rng);
    Object.assign(log, props);
    log.Application = app;
    log.MachineName = rng.pick(machines[app] ?? [app]);
    log.EnvironmentName = "Production";
    return log;
  };
  const connId = (): string => `0HN${rng.alnum(10).toUpperCase()}`;

  // ------------------------------------------------------------ ASP.NET request log
  const request = (t: number, method: string, path: string, status: number, elapsed: number, label: Label, ex?: string): void => {
    const cid = connId();
    tl.add(
      t,
      serilog(
        t,
        "Lms.Api",
        status >= 500 ? "Error" : null,
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        {
          RequestMethod: method,
          RequestPath: path,
          StatusCode: status,
          Elapsed: elapsed,
          SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          RequestId: `${cid}:0000000${rng.int(1, 9)}`,
          ConnectionId: cid,
        },
        ex,
        [elapsed.toFixed(4)],
      ),
      label,
    );
  };

  // ------------------------------------------------------------ normal traffic
  const normal = (t: number): void => {
    const k = rng.weighted([
      ["req", 46],
      ["submission", 6],
      ["quizstart", 5],
      ["signin", 5],
      ["loginfail", 1.2],
      ["ratelimit", 0.5],
      ["ef", 6],
      ["graded", 9],
      ["batch", 2],
      ["unanswered", 0.8],
      ["notify", 8],
      ["bounce", 0.7],
      ["transcode", 2],
      ["upload", 3],
    ] as const);
    switch (k) {
      case "req": {
        const c = rng.pick(courses);
        const routes: [string, string, number, number][] = [
          ["GET", `/api/courses/${c}`, 35, 200],
          ["GET", `/api/courses/${c}/modules`, 60, 200],
          ["GET", `/api/courses/${c}/quizzes/${rng.int(1, 400)}`, 45, 200],
          ["POST", `/api/courses/${c}/assignments/${rng.int(1, 900)}/submissions`, 140, 201],
          ["GET", `/api/me/calendar`, 30, 200],
          ["GET", `/api/courses/${c}/grades`, 80, 200],
          ["POST", `/api/quizzes/${rng.int(1, 400)}/attempts/${rng.int(1, 90000)}/answers`, 25, 204],
          ["GET", `/lti/launch`, 20, 302],
        ];
        const [method, path, median, ok] = rng.pick(routes);
        const status = rng.chance(0.012) ? 404 : rng.chance(0.01) ? 401 : rng.chance(0.006) ? 400 : rng.chance(0.05) && method === "GET" ? 304 : ok;
        request(t, method, path, status, Math.round(rng.logNormal(median, 0.4, 2.5) * 10000) / 10000, null);
        return;
      }
      case "submission":
        tl.add(
          t,
          serilog(t, "Lms.Api", null, "Submission {SubmissionId} received for assignment {AssignmentId} from {UserId}", {
            SubmissionId: uuid(rng),
            AssignmentId: rng.int(1, 90000),
            UserId: user(),
            SourceContext: "Lms.Submissions.SubmissionService",
          }),
        );
        return;
      case "quizstart":
        tl.add(
          t,
          serilog(t, "Lms.Api", null, "Quiz {QuizId} attempt {AttemptId} started by {UserId}", {
            QuizId: rng.int(1, 400),
            AttemptId: rng.int(100000, 900000),
            UserId: user(),
            SourceContext: "Lms.Quizzes.AttemptService",
          }),
        );
        return;
      case "signin":
        tl.add(
          t,
          serilog(t, "Lms.Api", null, "User {UserId} signed in via {Provider}", {
            UserId: user(),
            Provider: rng.pick(["saml:university-idp", "oidc:google", "password"]),
            SourceContext: "Lms.Auth.SignInHandler",
          }),
        );
        return;
      case "loginfail":
        tl.add(
          t,
          serilog(t, "Lms.Api", "Warning", "Login failed for {UserName}: {Reason}", {
            UserName: `${rng.pick(["s", "t", "u"])}${rng.int(1000000, 9999999)}@campus.example.edu`,
            Reason: rng.pick(["invalid password", "account locked", "MFA code expired"]),
            SourceContext: "Lms.Auth.SignInHandler",
          }),
        );
        return;
      case "ratelimit":
        tl.add(
          t,
          serilog(t, "Lms.Api", "Warning", "Rate limit exceeded for client {ClientId} on {Endpoint}", {
            ClientId: rng.pick(["mobile-ios", "mobile-android", "lti-tool-turnitin", "sis-sync"]),
            Endpoint: "/api/courses",
            SourceContext: "Lms.Api.RateLimiting",
          }),
        );
        return;
      case "ef": {
        const ms = Math.round(rng.logNormal(6, 0.6, 4));
        const c = rng.pick(courses);
        tl.add(
          t,
          serilog(
            t,
            "Lms.Api",
            null,
            "Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
            {
              elapsed: String(ms),
              parameters: `@__courseId_0='${c}'`,
              commandType: "Text",
              commandTimeout: 30,
              newLine: "\n",
              commandText: `SELECT m."Id", m."CourseId", m."Position", m."Title", m."PublishedAt"\nFROM "Modules" AS m\nWHERE m."CourseId" = @__courseId_0\nORDER BY m."Position"`,
              EventId: { Id: 20101, Name: "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" },
              SourceContext: "Microsoft.EntityFrameworkCore.Database.Command",
            },
          ),
        );
        return;
      }
      case "graded": {
        const max = rng.pick([10, 20, 25, 50, 100]);
        tl.add(
          t,
          serilog(t, "Lms.GradingWorker", null, "Graded attempt {AttemptId} for quiz {QuizId}: {Score}/{MaxScore} in {ElapsedMs} ms", {
            AttemptId: rng.int(100000, 900000),
            QuizId: rng.int(1, 400),
            Score: rng.int(0, max),
            MaxScore: max,
            ElapsedMs: rng.int(8, 120),
            SourceContext: "Lms.Grading.AutoGrader",
          }),
        );
        return;
      }
      case "batch":
        tl.add(
          t,
          serilog(t, "Lms.GradingWorker", null, "Processed grading batch {BatchId} ({Count} attempts)", {
            BatchId: uuid(rng),
            Count: rng.int(5, 200),
            SourceContext: "Lms.Grading.BatchProcessor",
          }),
        );
        return;
      case "unanswered":
        tl.add(
          t,
          serilog(t, "Lms.GradingWorker", "Warning", "Attempt {AttemptId} has {Count} unanswered questions, grading them as zero", {
            AttemptId: rng.int(100000, 900000),
            Count: rng.int(1, 12),
            SourceContext: "Lms.Grading.AutoGrader",
          }),
        );
        return;
      case "notify":
        tl.add(
          t,
          serilog(t, "Lms.Notifications", null, "Sent {Channel} notification {NotificationId} to user {UserId}", {
            Channel: rng.pick(["email", "push", "push", "in-app"]),
            NotificationId: uuid(rng),
            UserId: user(),
            Template: rng.pick(["assignment-due", "grade-posted", "announcement", "discussion-reply"]),
            SourceContext: "Lms.Notifications.Dispatcher",
          }),
        );
        return;
      case "bounce":
        tl.add(
          t,
          serilog(t, "Lms.Notifications", "Warning", "Email to {Recipient} bounced: {Reason}", {
            Recipient: `${rng.alnum(6)}@${rng.pick(["campus.example.edu", "gmail.com", "outlook.com"])}`,
            Reason: rng.pick(["550 5.1.1 mailbox does not exist", "452 4.2.2 mailbox full"]),
            SourceContext: "Lms.Notifications.EmailSender",
          }),
        );
        return;
      case "transcode": {
        const s = rng.float(20, 400);
        const ts = `00:${pad(s / 60)}:${pad(s % 60)}.${pad(rng.int(0, 9999999), 7)}`;
        tl.add(
          t,
          serilog(t, "Lms.MediaService", null, "Transcode job {JobId} for asset {AssetId} completed in {Duration}", {
            JobId: rng.int(10000, 99999),
            AssetId: uuid(rng),
            Duration: ts,
            Renditions: rng.int(3, 5),
            SourceContext: "Lms.Media.TranscodeMonitor",
          }),
        );
        return;
      }
      case "upload":
        tl.add(
          t,
          serilog(t, "Lms.MediaService", null, "Upload session {UploadId} completed: {Bytes} bytes", {
            UploadId: uuid(rng),
            Bytes: rng.int(20_000, 900_000_000),
            ContentType: rng.pick(["application/pdf", "video/mp4", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]),
            SourceContext: "Lms.Media.UploadController",
          }),
        );
        return;
    }
  };
  for (const t of arrivals(rng, start, end, span / 3900)) normal(t);

  // ------------------------------------------------------------ five recurring failures
  const times = (): number[] => Array.from({ length: rng.int(15, 30) }, () => rng.float(start + 2 * MIN, end - MIN));

  for (const t of times()) {
    const li = rng.int(1000, 99999);
    tl.add(
      t,
      serilog(
        t,
        "Lms.GradingWorker",
        "Error",
        "Grade passback failed for line item {LineItemId} on platform {PlatformIssuer}",
        {
          LineItemId: li,
          PlatformIssuer: rng.pick(["https://canvas.partner-college.example", "https://moodle.district12.example"]),
          SourceContext: "Lms.Lti.GradePassback",
        },
        `System.Net.Http.HttpRequestException: Response status code does not indicate success: 401 (Unauthorized).\n   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()\n   at Lms.Lti.AgsClient.PostScoreAsync(LineItem lineItem, Score score, CancellationToken ct) in /src/Lms.Lti/AgsClient.cs:line 118\n   at Lms.Lti.GradePassback.HandleAsync(GradePostedEvent evt, CancellationToken ct) in /src/Lms.Lti/GradePassback.cs:line 54`,
      ),
      "error",
    );
  }
  for (const t of times()) {
    const q = rng.int(1, 400);
    const ex = `System.NullReferenceException: Object reference not set to an instance of an object.\n   at Lms.Quizzes.QuizRenderer.RenderQuestion(Question question, AttemptState state) in /src/Lms.Api/Quizzes/QuizRenderer.cs:line 212\n   at Lms.Quizzes.QuizRenderer.Render(Quiz quiz, Attempt attempt) in /src/Lms.Api/Quizzes/QuizRenderer.cs:line 87\n   at Lms.Api.Controllers.QuizzesController.Get(Int32 courseId, Int32 quizId) in /src/Lms.Api/Controllers/QuizzesController.cs:line 41`;
    tl.add(
      t,
      serilog(
        t,
        "Lms.Api",
        "Error",
        "Unhandled exception rendering quiz {QuizId} for attempt {AttemptId}",
        { QuizId: q, AttemptId: rng.int(100000, 900000), SourceContext: "Lms.Quizzes.QuizRenderer" },
        ex,
      ),
      "error",
    );
    const el = rng.logNormal(40, 0.3, 2);
    request(t + el, "GET", `/api/courses/${rng.pick(courses)}/quizzes/${q}`, 500, Math.round(el * 10000) / 10000, "error", ex);
  }
  for (const t of times()) {
    tl.add(
      t,
      serilog(
        t,
        "Lms.MediaService",
        "Error",
        "Failed to upload submission file {BlobName} to container {Container}",
        { BlobName: `submissions/${rng.int(2026000, 2026999)}/${uuid(rng)}.pdf`, Container: "submissions-archive", SourceContext: "Lms.Media.BlobArchiver" },
        `Azure.RequestFailedException: This request is not authorized to perform this operation using this permission.\nRequestId:${uuid(rng)}\nTime:${isoUs(t).slice(0, 26)}0Z\nStatus: 403 (This request is not authorized to perform this operation using this permission.)\nErrorCode: AuthorizationPermissionMismatch\n   at Azure.Storage.Blobs.BlobRestClient.UploadAsync(Int64 contentLength, Stream body, CancellationToken cancellationToken)\n   at Lms.Media.BlobArchiver.ArchiveAsync(Submission submission) in /src/Lms.Media/BlobArchiver.cs:line 66`,
      ),
      "error",
    );
  }
  for (const t of times()) {
    tl.add(
      t,
      serilog(
        t,
        "Lms.Api",
        "Error",
        "Failed to save enrollment {EnrollmentId} for course {CourseId}",
        { EnrollmentId: uuid(rng), CourseId: rng.pick(courses), UserId: user(), SourceContext: "Lms.Enrollment.EnrollmentService" },
        `Microsoft.EntityFrameworkCore.DbUpdateException: An error occurred while saving the entity changes. See the inner exception for details.\n ---> Npgsql.PostgresException (0x80004005): 23505: duplicate key value violates unique constraint "IX_Enrollments_UserId_CourseId"\n\nDETAIL: Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string to include this information.\n   at Npgsql.Internal.NpgsqlConnector.ReadMessageLong(Boolean async, DataRowLoadingMode dataRowLoadingMode, Boolean readingNotifications, Boolean isReadingPrependedMessage)\n   at Microsoft.EntityFrameworkCore.Update.ReaderModificationCommandBatch.ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken)\n   --- End of inner exception stack trace ---\n   at Lms.Enrollment.EnrollmentService.EnrollAsync(Int32 userId, Int32 courseId) in /src/Lms.Api/Enrollment/EnrollmentService.cs:line 73`,
      ),
      "error",
    );
  }
  for (const t of times()) {
    tl.add(
      t,
      serilog(t, "Lms.Notifications", "Error", "Push notification batch {BatchId} rejected by FCM: {FcmError}", {
        BatchId: uuid(rng),
        FcmError: "SENDER_ID_MISMATCH",
        Devices: rng.int(20, 500),
        SourceContext: "Lms.Notifications.PushSender",
      }),
      "error",
    );
  }

  return tl.build(
    NAME,
    "Learning platform in Serilog compact JSON, no errors in normal traffic; five distinct failures each recur 15-30 times scattered across the window.",
  );
}
