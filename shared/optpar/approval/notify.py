"""The email with the review link: SES when a sender is configured, otherwise the SNS topic."""

from __future__ import annotations

import time

from .types import Channel, Clients, Settings


def compose(model_name: str, job_id: str, count: int, url: str, expires_at: int) -> tuple[str, str]:
    """Subject and plain-text body. SNS subjects are limited to 100 characters."""
    subject = f"optpar: approve the search for {model_name}"[:100]
    until = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(expires_at))
    body = (
        f"optpar found {count} hyperparameter{'s' if count != 1 else ''} to tune in {model_name} (job {job_id}).\n"
        "Before GPU time is spent, review the search space: untick what you know is right, narrow ranges,\n"
        "then approve or reject.\n\n"
        f"Review: {url}\n\n"
        f"The link works once, until {until}. If no one decides by then, the job stops.\n"
        "Anyone with this link can decide, so do not forward it.\n"
    )
    return subject, body


def send(settings: Settings, clients: Clients, subject: str, body: str) -> Channel:
    """Send by the configured channel and say which."""
    if settings.channel is Channel.SES:
        clients.ses.send_email(
            Source=settings.ses_sender,
            Destination={"ToAddresses": list(settings.approver_emails)},
            Message={
                "Subject": {"Data": subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": body, "Charset": "UTF-8"}},
            },
        )
        return Channel.SES
    if not settings.topic_arn:
        raise ValueError("no way to send the link: set an SES sender and approver email, or an SNS topic ARN")
    clients.sns.publish(TopicArn=settings.topic_arn, Subject=subject, Message=body)
    return Channel.SNS
