"""moto's server with the behaviours of AWS that moto 5.2.6 lacks or gets wrong, for the AWS-level tests.

Test doubles, each only for what the provider needs and documented where it is used (README, "AWS-level proof");
everything else is moto unchanged:

1. S3 PutBucketLogging: moto checks the target bucket's policy for the log-delivery grant and crashes (HTTP 500)
   on any statement whose Principal is the string "*" (valid IAM, e.g. every TLS-only Deny) because it calls
   Principal.get(...). Here a string principal simply does not grant log delivery, as in AWS.
2. EC2 CreateVpcEndpoint (Interface) without SecurityGroupIds: AWS associates the VPC's default security group;
   moto associates none, so the Terraform provider's aws_vpc_endpoint_security_group_association with
   replace_default_association (the platform's way of never leaving the default group on an endpoint) fails:
   "no association of default Security Group ... with VPC Endpoint". Here the default group is associated, as in AWS.
3. CloudTrail's JSON protocol: the AWS SDK for Go v2 sends `X-Amz-Target: CloudTrail_20131101.<Action>`, which AWS
   accepts; moto answers only the long form `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Action>`
   (botocore's) and gives 404 to every other call. Here the short form is rewritten to the long one.
4. KMS key rotation period: moto ignores EnableKeyRotation's RotationPeriodInDays and GetKeyRotationStatus never
   returns one. The provider reads the period back as 0, so a key with rotationPeriodInDays has a diff on every poll
   and is "updated" (EnableKeyRotation) every time: measured 2026-12-07, run 6, the dev app-data key re-enabled on
   each poll before any drift, which would also hide whether a real drift was ever detected. Here the period is kept
   (365 when not given, as in AWS) and returned while rotation is on.
5. Lambda LoggingConfig and DeadLetterConfig: moto neither keeps nor returns them, and its UpdateFunctionConfiguration
   drops TracingConfig and KMSKeyArn too. The provider then finds a diff on every poll: measured in run 6, 87
   `PUT /2015-03-31/functions/dev-minimal/configuration` in 11 minutes after the examples had settled. Here they are
   kept on create and update and returned, with AWS's default logging (Text, /aws/lambda/<name>) when none is given.

Besides, each KMS call and each write of a JSON or query API is logged (`call <Action> [KeyId]` on stderr): observation only.

    python moto_server.py -H 127.0.0.1 -p <port>   the server (moto.server's arguments)
    python moto_server.py --self-test              checks both patches against moto in process, prints "ok"
"""

import sys

from moto.ec2.models.vpcs import VPCBackend
from moto.s3.models import FakeBucket


def patch():
    original_policy_check = FakeBucket._log_permissions_enabled_policy

    def log_permissions_enabled_policy(target_bucket, target_prefix):
        policy = target_bucket.policy
        if not policy:
            return False
        import json

        document = json.loads(policy.decode())
        # Only statements with a {"Service": ...} principal can grant log delivery; moto's check assumes a dict.
        kept = [st for st in document.get("Statement", []) if isinstance(st.get("Principal"), dict)]
        saved = target_bucket.policy
        target_bucket.policy = json.dumps({**document, "Statement": kept}).encode()
        try:
            return original_policy_check(target_bucket, target_prefix)
        finally:
            target_bucket.policy = saved

    FakeBucket._log_permissions_enabled_policy = staticmethod(log_permissions_enabled_policy)

    original_create_vpc_endpoint = VPCBackend.create_vpc_endpoint

    def create_vpc_endpoint(self, vpc_id, service_name, endpoint_type, *args, **kwargs):
        if (endpoint_type or "").lower() == "interface" and not kwargs.get("security_group_ids"):
            default = self.get_default_security_group(vpc_id)
            if default is not None:
                kwargs["security_group_ids"] = [default.id]
        return original_create_vpc_endpoint(self, vpc_id, service_name, endpoint_type, *args, **kwargs)

    VPCBackend.create_vpc_endpoint = create_vpc_endpoint

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original_call = DomainDispatcherApplication.__call__

    def call(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        log_call(environ, target)
        if target.startswith(CLOUDTRAIL_SHORT_TARGET):
            environ["HTTP_X_AMZ_TARGET"] = CLOUDTRAIL_LONG_TARGET + target[len(CLOUDTRAIL_SHORT_TARGET):]
        return original_call(self, environ, start_response)

    DomainDispatcherApplication.__call__ = call

    from moto.kms.responses import KmsResponse

    original_enable_key_rotation = KmsResponse.enable_key_rotation
    original_get_key_rotation_status = KmsResponse.get_key_rotation_status

    def enable_key_rotation(self):
        answer = original_enable_key_rotation(self)
        period = self._get_param("RotationPeriodInDays") or DEFAULT_ROTATION_PERIOD_DAYS
        self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))].rotation_period_in_days = period
        return answer

    def get_key_rotation_status(self):
        import json

        answer = json.loads(original_get_key_rotation_status(self))
        if answer.get("KeyRotationEnabled"):
            key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
            answer["RotationPeriodInDays"] = getattr(key, "rotation_period_in_days", DEFAULT_ROTATION_PERIOD_DAYS)
        return json.dumps(answer)

    KmsResponse.enable_key_rotation = enable_key_rotation

    from moto.awslambda.models import LambdaFunction

    original_lambda_init = LambdaFunction.__init__
    original_get_configuration = LambdaFunction.get_configuration
    original_update_configuration = LambdaFunction.update_configuration

    def lambda_init(self, account_id, spec, *args, **kwargs):
        original_lambda_init(self, account_id, spec, *args, **kwargs)
        self.kept_configuration = {k: spec[k] for k in LAMBDA_KEPT_CONFIGURATION if spec.get(k) is not None}

    def get_configuration(self, *args, **kwargs):
        config = original_get_configuration(self, *args, **kwargs)
        kept = getattr(self, "kept_configuration", {})
        config.update(kept)
        if "LoggingConfig" not in kept:
            config["LoggingConfig"] = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.function_name}"}
        return config

    def update_configuration(self, config_updates):
        kept = getattr(self, "kept_configuration", {})
        for k in LAMBDA_KEPT_CONFIGURATION:
            if config_updates.get(k) is not None:
                kept[k] = config_updates[k]
        self.kept_configuration = kept
        if config_updates.get("KMSKeyArn") is not None:
            self.kms_key_arn = config_updates["KMSKeyArn"]
        if config_updates.get("TracingConfig") is not None:
            self.tracing_config = config_updates["TracingConfig"]
        return original_update_configuration(self, config_updates)

    LambdaFunction.__init__ = lambda_init
    LambdaFunction.get_configuration = get_configuration
    LambdaFunction.update_configuration = update_configuration
    KmsResponse.get_key_rotation_status = get_key_rotation_status


CLOUDTRAIL_SHORT_TARGET = "CloudTrail_20131101."
CLOUDTRAIL_LONG_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
KMS_TARGET = "TrentService."
READ_PREFIXES = ("Describe", "Get", "List", "Head", "Lookup", "Query", "Scan")
# What Lambda keeps of a function's configuration that moto 5.2.6 drops.
LAMBDA_KEPT_CONFIGURATION = ("LoggingConfig", "DeadLetterConfig")
# AWS's rotation period when EnableKeyRotation names none.
DEFAULT_ROTATION_PERIOD_DAYS = 365


def log_call(environ, target):
    """Log each KMS call with the key it names, and every other call of a JSON or query API that is not a read, as
    `call <Action> <KeyId>` on stderr. Those APIs send every call as `POST /`, so the request log alone cannot show
    whether the provider re-read a key after a drift, or keeps writing a resource that has not changed (a diff it
    can never settle). Observation only: the body is put back unchanged."""
    import io
    import json
    from urllib.parse import parse_qs

    if environ.get("REQUEST_METHOD") != "POST":
        return
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    key = ""
    if target:
        action = target.rsplit(".", 1)[-1]
        if target.startswith(KMS_TARGET):
            try:
                key = json.loads(body or b"{}").get("KeyId", "")
            except ValueError:
                key = "?"
    else:
        action = (parse_qs(body.decode("utf-8", "replace")).get("Action") or [""])[0]
    if not action or (action.startswith(READ_PREFIXES) and not target.startswith(KMS_TARGET)):
        return
    # One write, line and newline together: print() writes them apart, and werkzeug's request log, written from
    # another thread, landed between them (run 7: "call AssumeRolecall ...", "AssumeRole127.0.0.1 ...").
    sys.stderr.write(f"call {action} {key}".rstrip() + "\n")
    sys.stderr.flush()


def _zip():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def self_test():
    import json

    import boto3
    from moto import mock_aws

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="source")
        s3.create_bucket(Bucket="source-logs")
        deny_plain_http = {
            "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::source-logs/*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
        grant = {
            "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
            "Resource": "arn:aws:s3:::source-logs/access/*",
        }
        logging = {"LoggingEnabled": {"TargetBucket": "source-logs", "TargetPrefix": "access/"}}
        # Without the grant the request is refused as in AWS (not a crash), with it accepted.
        s3.put_bucket_policy(Bucket="source-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny_plain_http]}))
        try:
            s3.put_bucket_logging(Bucket="source", BucketLoggingStatus=logging)
            raise AssertionError("logging accepted without a grant")
        except s3.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "InvalidTargetBucketForLogging", e.response
        s3.put_bucket_policy(Bucket="source-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny_plain_http, grant]}))
        s3.put_bucket_logging(Bucket="source", BucketLoggingStatus=logging)
        assert s3.get_bucket_logging(Bucket="source")["LoggingEnabled"]["TargetBucket"] == "source-logs"
        # The policy itself is unchanged by the check.
        assert len(json.loads(s3.get_bucket_policy(Bucket="source-logs")["Policy"])["Statement"]) == 2

        ec2 = boto3.client("ec2", region_name="us-east-1")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
        interface = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.kms", VpcEndpointType="Interface")["VpcEndpoint"]
        assert [g["GroupId"] for g in interface["Groups"]] == [default], interface["Groups"]
        own = ec2.create_security_group(GroupName="own", Description="own", VpcId=vpc)["GroupId"]
        chosen = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.sts", VpcEndpointType="Interface", SecurityGroupIds=[own])["VpcEndpoint"]
        assert [g["GroupId"] for g in chosen["Groups"]] == [own], chosen["Groups"]
        kms = boto3.client("kms", region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.enable_key_rotation(KeyId=key, RotationPeriodInDays=180)
        assert kms.get_key_rotation_status(KeyId=key)["RotationPeriodInDays"] == 180
        kms.disable_key_rotation(KeyId=key)
        assert "RotationPeriodInDays" not in kms.get_key_rotation_status(KeyId=key)
        kms.enable_key_rotation(KeyId=key)
        status = kms.get_key_rotation_status(KeyId=key)
        assert (status["KeyRotationEnabled"], status["RotationPeriodInDays"]) == (True, DEFAULT_ROTATION_PERIOD_DAYS), status

        # Lambda keeps logging and dead-letter configuration, on create and on update.
        iam = boto3.client("iam", region_name="us-east-1")
        role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))["Role"]["Arn"]
        s3.put_object(Bucket="source", Key="fn.zip", Body=_zip())
        lam = boto3.client("lambda", region_name="us-east-1")
        logging_config = {"LogFormat": "JSON", "LogGroup": "/own/fn", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"}
        lam.create_function(
            FunctionName="fn", Runtime="python3.12", Role=role, Handler="index.handler", Code={"S3Bucket": "source", "S3Key": "fn.zip"},
            LoggingConfig=logging_config, DeadLetterConfig={"TargetArn": "arn:aws:sns:us-east-1:123456789012:dlq"},
        )
        got = lam.get_function_configuration(FunctionName="fn")
        assert (got["LoggingConfig"], got["DeadLetterConfig"]) == (logging_config, {"TargetArn": "arn:aws:sns:us-east-1:123456789012:dlq"}), got
        lam.update_function_configuration(FunctionName="fn", LoggingConfig={"LogFormat": "Text", "LogGroup": "/own/fn"}, TracingConfig={"Mode": "Active"})
        got = lam.get_function_configuration(FunctionName="fn")
        assert (got["LoggingConfig"], got["TracingConfig"]) == ({"LogFormat": "Text", "LogGroup": "/own/fn"}, {"Mode": "Active"}), got
        lam.create_function(FunctionName="plain", Runtime="python3.12", Role=role, Handler="index.handler", Code={"S3Bucket": "source", "S3Key": "fn.zip"})
        assert lam.get_function_configuration(FunctionName="plain")["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/plain"}

        gateway = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Gateway")["VpcEndpoint"]
        assert gateway.get("Groups", []) == [], gateway

    # CloudTrail as the Go SDK calls it, through moto's server application.
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.test import Client

    server = Client(DomainDispatcherApplication(create_backend_app))
    for target in ("CloudTrail_20131101.DescribeTrails", CLOUDTRAIL_LONG_TARGET + "DescribeTrails"):
        answer = server.post("/", data='{"trailNameList": ["arn:aws:cloudtrail:us-east-1:123456789012:trail/none"]}', headers={
            "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=x",
        })
        assert answer.status_code == 200 and json.loads(answer.get_data()) == {"trailList": []}, (target, answer.status_code, answer.get_data())
    # A logged KMS call still reaches moto with its whole body.
    answer = server.post("/", data='{"Description": "logged"}', headers={
        "X-Amz-Target": KMS_TARGET + "CreateKey", "Content-Type": "application/x-amz-json-1.1",
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=x",
    })
    assert answer.status_code == 200 and json.loads(answer.get_data())["KeyMetadata"]["Description"] == "logged", answer.get_data()
    print("ok")


if __name__ == "__main__":
    patch()
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    else:
        from moto.server import main

        main(sys.argv[1:])
