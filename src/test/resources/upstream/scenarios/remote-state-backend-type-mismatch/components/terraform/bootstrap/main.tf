variable "stage" {
  type    = string
  default = ""
}
