"""AWS-side view of the AWS-level end-to-end tests: reads back, with the AWS SDK (boto3), the secure settings of what
the provider created in the emulated AWS, and makes drift there the way a person with console access would.

Run with the python of moto's virtual environment (scripts/install-moto.sh: boto3 is a moto dependency):

    python aws.py <endpoint> <account-id> <region> inventory          prints one JSON document
    python aws.py <endpoint> <account-id> <region> drift <what> <id>  makes one change, prints {"done": ...}
    python aws.py <endpoint> <account-id> <region> put-artifact <bucket> <key>  publishes a function code package
    python aws.py <endpoint> <account-id> <region> empty-bucket <bucket>  deletes every object version, prints the count

It acts in the account as the provider does: by assuming the provider's role there (moto gives credentials of the
role's account), so it sees exactly what the provider made in that account.
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def session(endpoint, account, region):
    sts = boto3.client(
        "sts", endpoint_url=endpoint, region_name=region, aws_access_key_id="e2e", aws_secret_access_key="e2e"
    )
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/secure-baseline-crossplane-provider", RoleSessionName="e2e-readback"
    )["Credentials"]
    s = boto3.session.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=region,
    )
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2})
    return lambda service: s.client(service, endpoint_url=endpoint, config=cfg)


def optional(call, *codes):
    """The call's answer, or None where AWS answers that the thing is not configured (one of codes)."""
    try:
        return call()
    except ClientError as e:
        if e.response["Error"]["Code"] in codes:
            return None
        raise


def inventory(client):
    out = {}
    s3 = client("s3")
    buckets = {}
    for b in s3.list_buckets().get("Buckets", []):
        n = b["Name"]
        enc = optional(lambda: s3.get_bucket_encryption(Bucket=n), "ServerSideEncryptionConfigurationNotFoundError")
        pab = optional(lambda: s3.get_public_access_block(Bucket=n), "NoSuchPublicAccessBlockConfiguration")
        policy = optional(lambda: s3.get_bucket_policy(Bucket=n), "NoSuchBucketPolicy")
        logging = s3.get_bucket_logging(Bucket=n).get("LoggingEnabled")
        ownership = optional(lambda: s3.get_bucket_ownership_controls(Bucket=n), "OwnershipControlsNotFoundError")
        lifecycle = optional(lambda: s3.get_bucket_lifecycle_configuration(Bucket=n), "NoSuchLifecycleConfiguration")
        buckets[n] = {
            "encryption": enc and enc["ServerSideEncryptionConfiguration"]["Rules"],
            "publicAccessBlock": pab and pab["PublicAccessBlockConfiguration"],
            "versioning": s3.get_bucket_versioning(Bucket=n).get("Status"),
            "policy": policy and json.loads(policy["Policy"]),
            "logging": logging,
            "ownership": ownership and ownership["OwnershipControls"]["Rules"],
            "lifecycleRules": lifecycle and len(lifecycle["Rules"]),
        }
    out["buckets"] = buckets

    kms = client("kms")
    keys = {}
    for k in kms.list_keys().get("Keys", []):
        kid = k["KeyId"]
        meta = kms.describe_key(KeyId=kid)["KeyMetadata"]
        if meta.get("KeyManager") == "AWS":
            continue
        rotation = kms.get_key_rotation_status(KeyId=kid)
        keys[meta["Arn"]] = {
            "state": meta["KeyState"],
            "rotation": rotation.get("KeyRotationEnabled"),
            "rotationPeriodInDays": rotation.get("RotationPeriodInDays"),
            "policy": json.loads(kms.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]),
        }
    out["keys"] = keys
    out["aliases"] = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases().get("Aliases", []) if not a["AliasName"].startswith("alias/aws/")}

    logs = client("logs")
    out["logGroups"] = {
        g["logGroupName"]: {"kmsKeyId": g.get("kmsKeyId"), "retentionInDays": g.get("retentionInDays")}
        for g in logs.describe_log_groups().get("logGroups", [])
    }

    sns = client("sns")
    topics = {}
    for t in sns.list_topics().get("Topics", []):
        attrs = sns.get_topic_attributes(TopicArn=t["TopicArn"])["Attributes"]
        topics[t["TopicArn"]] = {"kmsMasterKeyId": attrs.get("KmsMasterKeyId"), "policy": json.loads(attrs.get("Policy", "{}"))}
    out["topics"] = topics

    ddb = client("dynamodb")
    tables = {}
    for name in ddb.list_tables().get("TableNames", []):
        t = ddb.describe_table(TableName=name)["Table"]
        pitr = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
        tables[name] = {
            "sse": t.get("SSEDescription"),
            "pitr": pitr.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus"),
            "deletionProtection": t.get("DeletionProtectionEnabled"),
        }
    out["tables"] = tables

    sm = client("secretsmanager")
    out["secrets"] = {
        s["Name"]: {"kmsKeyId": s.get("KmsKeyId"), "rotationEnabled": s.get("RotationEnabled")}
        for s in sm.list_secrets().get("SecretList", [])
    }

    ssm = client("ssm")
    out["parameters"] = {
        p["Name"]: {"type": p.get("Type"), "keyId": p.get("KeyId")} for p in ssm.describe_parameters().get("Parameters", [])
    }

    rds = client("rds")
    out["dbClusters"] = {
        c["DBClusterIdentifier"]: {
            "storageEncrypted": c.get("StorageEncrypted"),
            "kmsKeyId": c.get("KmsKeyId"),
            "iamAuth": c.get("IAMDatabaseAuthenticationEnabled"),
            "deletionProtection": c.get("DeletionProtection"),
            "engine": c.get("Engine"),
        }
        for c in rds.describe_db_clusters().get("DBClusters", [])
    }

    lam = client("lambda")
    out["functions"] = {
        f["FunctionName"]: {
            "subnetIds": f.get("VpcConfig", {}).get("SubnetIds"),
            "securityGroupIds": f.get("VpcConfig", {}).get("SecurityGroupIds"),
            "tracing": f.get("TracingConfig", {}).get("Mode"),
            "kmsKeyArn": f.get("KMSKeyArn"),
            "hasEnvironment": bool(f.get("Environment", {}).get("Variables")),
            "logFormat": f.get("LoggingConfig", {}).get("LogFormat"),
            "logGroup": f.get("LoggingConfig", {}).get("LogGroup"),
            "deadLetterTarget": f.get("DeadLetterConfig", {}).get("TargetArn"),
        }
        for f in lam.list_functions().get("Functions", [])
    }

    iam = client("iam")
    policies = {}
    for p in iam.list_policies(Scope="Local").get("Policies", []):
        version = iam.get_policy_version(PolicyArn=p["Arn"], VersionId=p["DefaultVersionId"])["PolicyVersion"]
        policies[p["PolicyName"]] = version["Document"] if isinstance(version["Document"], dict) else json.loads(version["Document"])
    out["policies"] = policies
    out["roles"] = {r["RoleName"]: {"maxSessionDuration": r.get("MaxSessionDuration"), "boundary": (r.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")} for r in iam.list_roles().get("Roles", [])}

    ec2 = client("ec2")
    out["vpcs"] = {v["VpcId"]: {"cidr": v["CidrBlock"]} for v in ec2.describe_vpcs().get("Vpcs", []) if not v.get("IsDefault")}
    out["flowLogs"] = [
        {"resourceId": f.get("ResourceId"), "trafficType": f.get("TrafficType"), "destinationType": f.get("LogDestinationType")}
        for f in ec2.describe_flow_logs().get("FlowLogs", [])
    ]

    trail = client("cloudtrail")
    out["trails"] = {
        t["Name"]: {"multiRegion": t.get("IsMultiRegionTrail"), "logFileValidation": t.get("LogFileValidationEnabled"), "kmsKeyId": t.get("KmsKeyId")}
        for t in trail.describe_trails().get("trailList", [])
    }
    return out


def drift(client, what, ident):
    """One change made in AWS behind Crossplane's back. ident names the resource (key id, bucket, log group).

    Returns {"done": what, "id": ident, "landed": bool}: the one setting changed, read back at once (a full inventory
    takes long enough for the provider's next poll to have put it back already).
    """
    kms, s3, logs = client("kms"), client("s3"), client("logs")
    if what == "key-rotation-off":
        kms.disable_key_rotation(KeyId=ident)
        landed = kms.get_key_rotation_status(KeyId=ident).get("KeyRotationEnabled") is False
    elif what == "bucket-encryption-deleted":
        s3.delete_bucket_encryption(Bucket=ident)
        enc = optional(lambda: s3.get_bucket_encryption(Bucket=ident), "ServerSideEncryptionConfigurationNotFoundError")
        rules = (enc or {}).get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
        landed = not any(r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms" for r in rules)
    elif what == "public-access-block-deleted":
        s3.delete_public_access_block(Bucket=ident)
        landed = optional(lambda: s3.get_public_access_block(Bucket=ident), "NoSuchPublicAccessBlockConfiguration") is None
    elif what == "retention-shortened":
        logs.put_retention_policy(logGroupName=ident, retentionInDays=1)
        groups = logs.describe_log_groups(logGroupNamePrefix=ident).get("logGroups", [])
        landed = [g.get("retentionInDays") for g in groups if g["logGroupName"] == ident] == [1]
    elif what == "bucket-policy-widened":
        policy = json.loads(s3.get_bucket_policy(Bucket=ident)["Policy"])
        policy["Statement"].append(
            {"Sid": "Drift", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{ident}/*"}
        )
        s3.put_bucket_policy(Bucket=ident, Policy=json.dumps(policy))
        landed = any(st.get("Sid") == "Drift" for st in json.loads(s3.get_bucket_policy(Bucket=ident)["Policy"])["Statement"])
    else:
        raise SystemExit(f"unknown drift {what}")
    return {"done": what, "id": ident, "landed": landed}


def put_artifact(client, bucket, key):
    """A deployment artifact as a build pipeline publishes it: a function's code package in its artifact bucket."""
    import io
    import zipfile

    s3 = client("s3")
    region = s3.meta.region_name
    if region == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
    s3.put_object(Bucket=bucket, Key=key, Body=package.getvalue())
    return {"bucket": bucket, "key": key}


def empty_bucket(client, bucket):
    """What a person does, deliberately, before a bucket can be deleted (the platform never force-destroys one):
    deletes every object version and delete marker."""
    s3 = client("s3")
    deleted = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        versions = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        if versions:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": versions, "Quiet": True})
            deleted += len(versions)
    return {"bucket": bucket, "deleted": deleted}


def main(argv):
    endpoint, account, region, command = argv[1:5]
    client = session(endpoint, account, region)
    if command == "inventory":
        result = inventory(client)
    elif command == "drift":
        result = drift(client, argv[5], argv[6])
    elif command == "put-artifact":
        result = put_artifact(client, argv[5], argv[6])
    elif command == "empty-bucket":
        result = empty_bucket(client, argv[5])
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv)
