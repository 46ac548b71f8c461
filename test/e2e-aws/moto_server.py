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

6. EC2 VPC endpoint IpAddressType: moto neither keeps nor returns it (CreateVpcEndpoint and ModifyVpcEndpoint drop
   it). The provider reads it back as "" where the platform asks for ipv4 and modifies every interface endpoint on
   every poll: measured 2026-12-07, run 7, 72 ModifyVpcEndpoint in 90 s once everything had settled. Here it is kept
   (ipv4 when not given, AWS's default in an IPv4 VPC) and returned.
7. RDS parameter Source: AWS reports a parameter set by ModifyDBParameterGroup / ModifyDBClusterParameterGroup with
   Source "user", and DescribeDBParameters / DescribeDBClusterParameters filter by Source when asked; moto keeps
   neither. The provider's DB parameter group read keeps only parameters with a Source, so it read none back and
   re-set them on every poll (run 7: ModifyDBParameterGroup once per poll in the settled 90 s). Here set parameters
   have Source "user" and the filter applies.
8. API Gateway UpdateAccount: a `replace` of /cloudwatchRoleArn without a value clears the role in AWS (what the
   provider sends when an apigateway Account is deleted); moto raises KeyError 'value' (HTTP 500), so the Account's
   deletion never finished (run 8). Here the missing value clears it.
9. CloudTrail DeleteTrail by ARN: AWS takes the trail's name or ARN, and the provider names its ARN (the Terraform
   resource's id); moto deletes by name only and ignores an ARN without an error, so the dev trail outlived its
   deletion (run 9: one DeleteTrail, the trail still listed). Here an ARN names the trail it ends in.

Besides, each KMS call and each write of a JSON or query API is logged (`call <Action> <KeyId | parameter names>` on
stderr, names only, never values): observation only.

    python moto_server.py -H 127.0.0.1 -p <port>   the server (moto.server's arguments)
    python moto_server.py --self-test              checks every patch against moto in process, prints "ok"
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

    from moto.ec2.responses.vpcs import VPCs

    original_create_vpc_endpoint_response = VPCs.create_vpc_endpoint
    original_modify_vpc_endpoint_response = VPCs.modify_vpc_endpoint

    def create_vpc_endpoint_response(self):
        answer = original_create_vpc_endpoint_response(self)
        answer.result["VpcEndpoint"].ip_address_type = self._get_param("IpAddressType") or DEFAULT_VPC_ENDPOINT_IP_ADDRESS_TYPE
        return answer

    def modify_vpc_endpoint_response(self):
        answer = original_modify_vpc_endpoint_response(self)
        if self._get_param("IpAddressType"):
            self.ec2_backend.describe_vpc_endpoints(vpc_end_point_ids=[self._get_param("VpcEndpointId")])[0].ip_address_type = self._get_param("IpAddressType")
        return answer

    VPCs.create_vpc_endpoint = create_vpc_endpoint_response
    VPCs.modify_vpc_endpoint = modify_vpc_endpoint_response

    from moto.rds.models import DBClusterParameterGroup, DBParameterGroup
    from moto.rds.responses import RDSResponse

    original_update_parameters = DBParameterGroup.update_parameters
    original_update_cluster_parameters = DBClusterParameterGroup.update_cluster_parameters

    def user_set(parameters):
        return [{**p, "Source": "user"} for p in parameters]

    DBParameterGroup.update_parameters = lambda self, new: original_update_parameters(self, user_set(new))
    DBClusterParameterGroup.update_cluster_parameters = lambda self, new: original_update_cluster_parameters(self, user_set(new))

    def filtered_by_source(original):
        def describe(self):
            answer = original(self)
            source = self._get_param("Source")
            if source:
                answer.result["Parameters"] = [p for p in answer.result["Parameters"] if p.get("Source") == source]
            return answer

        return describe

    RDSResponse.describe_db_parameters = filtered_by_source(RDSResponse.describe_db_parameters)
    RDSResponse.describe_db_cluster_parameters = filtered_by_source(RDSResponse.describe_db_cluster_parameters)

    from moto.apigateway.models import Account as ApiGatewayAccount

    original_account_patch = ApiGatewayAccount.apply_patch_operations

    def account_patch(self, patch_operations):
        cleared = [{**op, "value": None} if "/cloudwatchRoleArn" in op.get("path", "") and "value" not in op else op for op in patch_operations]
        return original_account_patch(self, cleared)

    ApiGatewayAccount.apply_patch_operations = account_patch

    from moto.cloudtrail.models import CloudTrailBackend

    original_delete_trail = CloudTrailBackend.delete_trail

    def delete_trail(self, name):
        # arn:aws:cloudtrail:<region>:<account>:trail/<name>
        if name.startswith("arn:") and ":trail/" in name:
            name = name.split(":trail/", 1)[1]
        return original_delete_trail(self, name)

    CloudTrailBackend.delete_trail = delete_trail

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
# AWS's IP address type of an endpoint created without one in an IPv4 VPC.
DEFAULT_VPC_ENDPOINT_IP_ADDRESS_TYPE = "ipv4"


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
    # What the call names: the key for KMS, else the names of its parameters (what a repeated write keeps changing;
    # names only, never values, which can be secrets).
    key = ""
    if target:
        action = target.rsplit(".", 1)[-1]
        try:
            document = json.loads(body or b"{}")
        except ValueError:
            document = None
        if not isinstance(document, dict):
            key = "?"
        elif target.startswith(KMS_TARGET):
            key = document.get("KeyId", "")
        else:
            key = ",".join(sorted(document))
    else:
        query = parse_qs(body.decode("utf-8", "replace"))
        action = (query.get("Action") or [""])[0]
        key = ",".join(sorted({name.split(".", 1)[0] for name in query} - {"Action", "Version"}))
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

        # The endpoint's IP address type is kept and returned (ipv4 when not given), and changed by ModifyVpcEndpoint.
        assert ec2.describe_vpc_endpoints(VpcEndpointIds=[interface["VpcEndpointId"]])["VpcEndpoints"][0]["IpAddressType"] == DEFAULT_VPC_ENDPOINT_IP_ADDRESS_TYPE
        dual = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.logs", VpcEndpointType="Interface", IpAddressType="dualstack")["VpcEndpoint"]
        assert ec2.describe_vpc_endpoints(VpcEndpointIds=[dual["VpcEndpointId"]])["VpcEndpoints"][0]["IpAddressType"] == "dualstack"
        ec2.modify_vpc_endpoint(VpcEndpointId=dual["VpcEndpointId"], IpAddressType="ipv4")
        assert ec2.describe_vpc_endpoints(VpcEndpointIds=[dual["VpcEndpointId"]])["VpcEndpoints"][0]["IpAddressType"] == "ipv4"

        # Parameters set in a parameter group are reported with Source "user", and the Source filter applies.
        rds = boto3.client("rds", region_name="us-east-1")
        rds.create_db_parameter_group(DBParameterGroupName="instances", DBParameterGroupFamily="aurora-postgresql16", Description="instances")
        rds.modify_db_parameter_group(DBParameterGroupName="instances", Parameters=[{"ParameterName": "log_connections", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}])
        for source, expected in ((None, ["log_connections"]), ("user", ["log_connections"]), ("system", [])):
            got = rds.describe_db_parameters(DBParameterGroupName="instances", **({"Source": source} if source else {}))["Parameters"]
            assert ([p["ParameterName"] for p in got], {p["Source"] for p in got} <= {"user"}) == (expected, True), (source, got)
        rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="cluster", DBParameterGroupFamily="aurora-postgresql16", Description="cluster")
        rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName="cluster", Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}])
        for source, expected in (("user", [("rds.force_ssl", "1", "user")]), ("system", [])):
            got = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="cluster", Source=source)["Parameters"]
            assert [(p["ParameterName"], p["ParameterValue"], p["Source"]) for p in got] == expected, (source, got)

        # Clearing the API Gateway account's CloudWatch role (a replace without a value) is accepted.
        apigw = boto3.client("apigateway", region_name="us-east-1")
        apigw.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
        assert apigw.get_account().get("cloudwatchRoleArn") == role
        apigw.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn"}])
        assert not apigw.get_account().get("cloudwatchRoleArn"), apigw.get_account()

        # A trail is deleted by its ARN, as by its name.
        s3.put_bucket_policy(Bucket="source-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": ["s3:GetBucketAcl", "s3:PutObject"],
            "Resource": ["arn:aws:s3:::source-logs", "arn:aws:s3:::source-logs/*"]}]}))
        ct = boto3.client("cloudtrail", region_name="us-east-1")
        for trail in ("by-name", "by-arn"):
            arn = ct.create_trail(Name=trail, S3BucketName="source-logs", IsMultiRegionTrail=True)["TrailARN"]
            ct.delete_trail(Name=trail if trail == "by-name" else arn)
        assert ct.describe_trails()["trailList"] == [], ct.describe_trails()

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
    # A query API write is logged with its parameters' names, never their values.
    import contextlib
    import io

    logged = io.StringIO()
    with contextlib.redirect_stderr(logged):
        body = b"Action=ModifyDBParameterGroup&Version=2014-10-31&DBParameterGroupName=secret-name&Parameters.member.1.ParameterName=x"
        log_call({"REQUEST_METHOD": "POST", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}, "")
    assert logged.getvalue() == "call ModifyDBParameterGroup DBParameterGroupName,Parameters\n", logged.getvalue()
    print("ok")


if __name__ == "__main__":
    patch()
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    else:
        from moto.server import main

        main(sys.argv[1:])
