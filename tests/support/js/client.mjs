// The AWS SDK for JavaScript as a client of credbroker's credential server,
// for the end-to-end tests: credentials come from the SDK's default chain
// (fromHttp reads AWS_CONTAINER_CREDENTIALS_FULL_URI and
// AWS_CONTAINER_AUTHORIZATION_TOKEN), exactly as in any program.
//
// Usage: node client.mjs
//   GetCallerIdentity once; prints {"arn", "access_key_id", "expiration"}
//   as one JSON line, never a secret; exits 1 on failure.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

try {
  const client = new STSClient({});
  const identity = await client.send(new GetCallerIdentityCommand({}));
  const credentials = await client.config.credentials();
  console.log(JSON.stringify({
    arn: identity.Arn,
    access_key_id: credentials.accessKeyId,
    expiration: Math.floor(credentials.expiration.getTime() / 1000),
  }));
} catch (e) {
  console.error(`client.mjs: ${e.name}: ${e.message}`);
  process.exit(1);
}
