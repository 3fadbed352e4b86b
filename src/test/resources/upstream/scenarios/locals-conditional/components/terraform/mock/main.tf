variable "datastream_name" {
  type    = string
  default = ""
}

variable "deploy_env" {
  type    = string
  default = ""
}

variable "pr_number" {
  type    = string
  default = ""
}
